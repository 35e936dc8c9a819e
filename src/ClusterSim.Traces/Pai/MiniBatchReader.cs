using System.Globalization;

namespace ClusterSim.Traces.Pai;

/// <summary>One worker's mini-batch time at one iteration of a distributed training job.</summary>
public readonly record struct MiniBatchSample(int Worker, long Iteration, double Time);

/// <summary>
/// Reads the per-worker mini-batch times of the Alibaba PAI 2020 trace, such as job_1_norm.csv.
/// The columns are worker, time (the iteration number) and batch_time_norm (a mini-batch time in
/// arbitrary units).
/// </summary>
public static class MiniBatchReader
{
    public static readonly IReadOnlyList<string> Columns = ["worker", "time", "batch_time_norm"];

    public static IReadOnlyList<MiniBatchSample> ReadFile(string path)
    {
        using var reader = TraceFile.Open(path);
        return Read(path, reader);
    }

    public static IReadOnlyList<MiniBatchSample> Read(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var samples = new List<MiniBatchSample>();
        CsvTable.Read(path, reader, Columns, errors, row =>
        {
            var worker = row.NonNegativeInteger("worker");
            var iteration = row.NonNegativeInteger("time");
            var text = row.Text("batch_time_norm");
            double? time = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
                ? value
                : null;
            if (time is null)
            {
                row.AddError("batch_time_norm", text, "is not a positive number");
            }

            if (worker is not null && iteration is not null && time is not null)
            {
                samples.Add(new MiniBatchSample((int)Math.Min(worker.Value, int.MaxValue), iteration.Value, time.Value));
            }
        });

        if (errors.Count == 0 && samples.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no samples; add at least one row below the header"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : samples;
    }
}
