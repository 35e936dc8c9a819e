using MathNet.Numerics.Statistics;

namespace ClusterSim.Simulation.Faults;

/// <summary>
/// Fits a straggler model to per-worker mini-batch times of a synchronous training job: an
/// episode is a run of one worker's consecutive samples whose slowdown stays at or above the
/// threshold.
/// </summary>
/// <remarks>
/// Iteration numbers carry no wall-clock time, so episode rates and lengths are converted with
/// an assumed time per iteration, which the caller states.
/// </remarks>
public sealed record StragglerFit(int Episodes, long WorkerTime, double RatePerNodePerDay, TimeSpan MedianDuration, double DurationSigma,
    double SlowdownMin, double SlowdownMax, IReadOnlyDictionary<int, int> StragglingIterationsByWorker)
{
    /// <summary>
    /// Fits the model to the samples of one job: (worker, time, mini-batch time), where time
    /// counts iterations of the job. A sample's slowdown is its mini-batch time over the median
    /// of all workers' samples within <paramref name="window"/> time units of it. The slowdown
    /// range is the 10th to 90th percentile of the episodes' mean slowdowns.
    /// </summary>
    public static StragglerFit Fit(IEnumerable<(int Worker, long Time, double BatchTime)> samples, double threshold, TimeSpan iterationTime, int window = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(iterationTime, TimeSpan.Zero);
        var ordered = samples.OrderBy(s => s.Time).ThenBy(s => s.Worker).ToArray();
        var slowdown = new double[ordered.Length];
        var low = 0;
        var high = 0;
        for (var i = 0; i < ordered.Length; i++)
        {
            while (ordered[low].Time < ordered[i].Time - window)
            {
                low++;
            }

            while (high < ordered.Length && ordered[high].Time <= ordered[i].Time + window)
            {
                high++;
            }

            var median = ordered[low..high].Select(s => s.BatchTime).Median();
            slowdown[i] = ordered[i].BatchTime / median;
        }

        var lengths = new List<double>();
        var means = new List<double>();
        var straggling = new Dictionary<int, int>();
        double exposure = 0;
        foreach (var worker in Enumerable.Range(0, ordered.Length).GroupBy(i => ordered[i].Worker).OrderBy(g => g.Key))
        {
            var indices = worker.ToList();
            exposure += ordered[indices[^1]].Time - ordered[indices[0]].Time + 1;
            straggling[worker.Key] = indices.Count(i => slowdown[i] >= threshold);
            var run = new List<int>();
            foreach (var i in indices.Append(-1))
            {
                if (i >= 0 && slowdown[i] >= threshold)
                {
                    run.Add(i);
                    continue;
                }

                if (run.Count > 0)
                {
                    lengths.Add(ordered[run[^1]].Time - ordered[run[0]].Time + 1);
                    means.Add(run.Average(r => slowdown[r]));
                    run.Clear();
                }
            }
        }

        var perDay = TimeSpan.FromDays(1) / iterationTime;
        var logDurations = lengths.Select(l => Math.Log(l * iterationTime.TotalSeconds)).ToArray();
        return new StragglerFit(
            lengths.Count,
            (long)exposure,
            exposure == 0 ? 0 : lengths.Count / exposure * perDay,
            logDurations.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Exp(logDurations.Mean())),
            logDurations.Length < 2 ? 0 : logDurations.StandardDeviation(),
            means.Count == 0 ? threshold : Math.Max(threshold, means.Quantile(0.1)),
            means.Count == 0 ? threshold : Math.Max(threshold, means.Quantile(0.9)),
            straggling);
    }
}
