using ClusterSim.Core;

namespace ClusterSim.Traces.Openb;

/// <summary>
/// Reads an openb pod list: CSV with the columns name, cpu_milli, memory_mib, num_gpu and
/// gpu_milli, and optionally gpu_spec. Other columns (qos, pod_phase, times) are ignored.
/// </summary>
/// <remarks>
/// Requests are mapped as the FGD study's converter maps them: a pod with num_gpu = 0 has no
/// GPU request whatever gpu_milli says; gpu_milli above 1000 means one whole GPU; gpu_spec
/// keeps its non-empty '|' separated parts.
/// </remarks>
public static class OpenbPodReader
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli"];

    /// <summary>Reads <paramref name="path"/>; throws <see cref="TraceFormatException"/> listing every problem.</summary>
    public static IReadOnlyList<PodSpec> ReadFile(string path)
    {
        using var reader = TraceFile.Open(path);
        return Read(path, reader);
    }

    /// <summary>Reads pod rows from <paramref name="reader"/>; <paramref name="path"/> names the source in errors.</summary>
    public static IReadOnlyList<PodSpec> Read(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var pods = new List<PodSpec>();
        var firstLineByName = new Dictionary<string, int>(StringComparer.Ordinal);
        CsvTable.Read(path, reader, RequiredColumns, errors, row =>
        {
            var name = row.RequiredText("name");
            var cpu = row.NonNegativeInteger("cpu_milli");
            var memory = row.NonNegativeInteger("memory_mib");
            var gpuCount = row.NonNegativeInteger("num_gpu");
            var gpuMilli = row.NonNegativeInteger("gpu_milli");
            if (gpuCount > 1024)
            {
                row.AddError("num_gpu", row.Text("num_gpu"), "is larger than 1024; give the number of GPU devices the pod requests");
                gpuCount = null;
            }

            if (name is not null && !firstLineByName.TryAdd(name, row.Line))
            {
                row.AddError("name", name, $"repeats the pod name of line {firstLineByName[name]}; pod names must be unique");
                name = null;
            }

            if (name is null || cpu is null || memory is null || gpuCount is null || gpuMilli is null)
            {
                return;
            }

            var count = (int)gpuCount.Value;
            var milli = count == 0 ? 0 : (int)Math.Min(gpuMilli.Value, GpuDevice.MilliCapacity);
            var models = count == 0 ? string.Empty : string.Join('|', GpuModelConstraint.Split(row.Text("gpu_spec")));
            pods.Add(new PodSpec(name, cpu.Value, memory.Value, count, milli, models));
        });

        if (errors.Count == 0 && pods.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no pods; add at least one row below the header"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : pods;
    }
}
