using System.Globalization;
using ClusterSim.Core;
using CsvHelper;

namespace ClusterSim.Traces.Openb;

/// <summary>Writes node and pod lists in the openb CSV format that the readers accept.</summary>
public static class OpenbTraceWriter
{
    public static void WriteNodes(TextWriter writer, IEnumerable<NodeSpec> nodes)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in OpenbNodeReader.Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var node in nodes)
        {
            csv.WriteField(node.Name);
            csv.WriteField(node.CpuMilli);
            csv.WriteField(node.MemoryMib);
            csv.WriteField(node.GpuCount);
            csv.WriteField(node.GpuModel);
            csv.NextRecord();
        }
    }

    public static void WritePods(TextWriter writer, IEnumerable<PodSpec> pods)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in OpenbPodReader.RequiredColumns.Append("gpu_spec"))
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var pod in pods)
        {
            csv.WriteField(pod.Name);
            csv.WriteField(pod.CpuMilli);
            csv.WriteField(pod.MemoryMib);
            csv.WriteField(pod.GpuCount);
            csv.WriteField(pod.GpuMilli);
            csv.WriteField(pod.GpuModels);
            csv.NextRecord();
        }
    }
}
