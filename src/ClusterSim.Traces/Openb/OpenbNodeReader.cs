using ClusterSim.Core;

namespace ClusterSim.Traces.Openb;

/// <summary>
/// Reads an openb node list: CSV with the columns sn, cpu_milli, memory_mib, gpu and model.
/// </summary>
public static class OpenbNodeReader
{
    public static readonly IReadOnlyList<string> Columns = ["sn", "cpu_milli", "memory_mib", "gpu", "model"];

    /// <summary>Reads <paramref name="path"/>; throws <see cref="TraceFormatException"/> listing every problem.</summary>
    public static IReadOnlyList<NodeSpec> ReadFile(string path)
    {
        using var reader = TraceFile.Open(path);
        return Read(path, reader);
    }

    /// <summary>Reads node rows from <paramref name="reader"/>; <paramref name="path"/> names the source in errors.</summary>
    public static IReadOnlyList<NodeSpec> Read(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var nodes = new List<NodeSpec>();
        var firstLineByName = new Dictionary<string, int>(StringComparer.Ordinal);
        CsvTable.Read(path, reader, Columns, errors, row =>
        {
            var name = row.RequiredText("sn");
            var cpu = row.NonNegativeInteger("cpu_milli");
            var memory = row.NonNegativeInteger("memory_mib");
            var gpus = row.NonNegativeInteger("gpu");
            var model = NormalizeModel(row.Text("model"));
            if (gpus > int.MaxValue / GpuDevice.MilliCapacity)
            {
                row.AddError("gpu", row.Text("gpu"), $"is larger than {int.MaxValue / GpuDevice.MilliCapacity}; give the number of GPU devices on the node");
                gpus = null;
            }

            if (name is not null && !firstLineByName.TryAdd(name, row.Line))
            {
                row.AddError("sn", name, $"repeats the node name of line {firstLineByName[name]}; node names must be unique");
                name = null;
            }

            if (name is not null && cpu is not null && memory is not null && gpus is not null)
            {
                nodes.Add(new NodeSpec(name, cpu.Value, memory.Value, (int)gpus.Value, model));
            }
        });

        if (errors.Count == 0 && nodes.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no nodes; add at least one row below the header"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : nodes;
    }

    /// <summary>Pandas writes a missing model as "nan"; both that and an empty field mean "no model label".</summary>
    private static string NormalizeModel(string model) =>
        string.Equals(model, "nan", StringComparison.OrdinalIgnoreCase) ? string.Empty : model;
}
