using System.Globalization;

namespace ClusterSim.Traces.Philly;

/// <summary>
/// Reads the Philly trace files: the job list (timestamp, duration, num_gpus, gpu_time, cluster),
/// a machine list (the official one or the revised one with GPU counts re-derived from the GPU
/// utilisation log) and the per-VC node counts. Every problem is reported at once.
/// </summary>
public static class PhillyReader
{
    public static readonly IReadOnlyList<string> JobColumns = ["timestamp", "duration", "num_gpus", "cluster"];

    /// <summary>Reads the job list; throws <see cref="TraceFormatException"/> listing every problem.</summary>
    public static IReadOnlyList<PhillyJob> ReadJobs(string path)
    {
        using var reader = TraceFile.Open(path);
        return ReadJobs(path, reader);
    }

    public static IReadOnlyList<PhillyJob> ReadJobs(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var jobs = new List<PhillyJob>();
        CsvTable.Read(path, reader, JobColumns, errors, row =>
        {
            var text = row.Text("timestamp");
            var submitted = DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : (DateTime?)null;
            if (submitted is null)
            {
                row.AddError("timestamp", text, "is not a time; write YYYY-MM-DD HH:MM:SS");
            }

            var durationText = row.Text("duration");
            double? duration = double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
                ? seconds
                : null;
            if (duration is null || duration < 0)
            {
                row.AddError("duration", durationText, "is not a non-negative number of seconds");
                duration = null;
            }

            var gpus = row.NonNegativeInteger("num_gpus");
            var vc = row.RequiredText("cluster");
            if (submitted is not null && duration is not null && gpus is not null && vc is not null)
            {
                jobs.Add(new PhillyJob(row.Line, submitted.Value, duration.Value, (int)Math.Min(gpus.Value, int.MaxValue), vc));
            }
        });

        if (errors.Count == 0 && jobs.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no jobs; add at least one row below the header"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : jobs;
    }

    /// <summary>
    /// Reads a machine list as machine id and GPU count. Both layouts are accepted: the official
    /// one (machineId, number of GPUs, single GPU mem) and the revised CSV (an index column, then
    /// machineId and number of GPUs).
    /// </summary>
    public static IReadOnlyList<(string Machine, int Gpus)> ReadMachines(string path)
    {
        using var reader = TraceFile.Open(path);
        return ReadMachines(path, reader);
    }

    public static IReadOnlyList<(string Machine, int Gpus)> ReadMachines(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var machines = new List<(string, int)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        CsvTable.Read(path, reader, ["machineId", "number of GPUs"], errors, row =>
        {
            var id = row.RequiredText("machineId");
            var gpus = row.NonNegativeInteger("number of GPUs");
            if (id is not null && !seen.TryAdd(id, row.Line))
            {
                row.AddError("machineId", id, $"repeats the machine of line {seen[id]}; machine ids must be unique");
                id = null;
            }

            if (gpus > 64)
            {
                row.AddError("number of GPUs", row.Text("number of GPUs"), "is larger than 64; give the GPUs of one machine");
                gpus = null;
            }

            if (id is not null && gpus is not null)
            {
                machines.Add((id, (int)gpus.Value));
            }
        });

        if (errors.Count == 0 && machines.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no machines; add at least one row below the header"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : machines;
    }

    /// <summary>Reads per-VC node counts (columns vc and "node num").</summary>
    public static IReadOnlyDictionary<string, int> ReadVirtualClusters(string path)
    {
        using var reader = TraceFile.Open(path);
        return ReadVirtualClusters(path, reader);
    }

    public static IReadOnlyDictionary<string, int> ReadVirtualClusters(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
        CsvTable.Read(path, reader, ["vc", "node num"], errors, row =>
        {
            var vc = row.RequiredText("vc");
            var count = row.NonNegativeInteger("node num");
            if (vc is not null && count is not null && !nodes.TryAdd(vc, (int)Math.Min(count.Value, int.MaxValue)))
            {
                row.AddError("vc", vc, "repeats an earlier virtual cluster; list each once");
            }
        });

        if (errors.Count == 0 && nodes.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no virtual clusters; add at least one row below the header"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : nodes;
    }
}
