using ClusterSim.Simulation.Openb;

namespace ClusterSim.Reporting.Openb;

/// <summary>
/// Turns a run's per-submission samples into one value per whole percent of arrived demand,
/// as the FGD study's result tables do. The events of column x are those whose arrived demand
/// rounds to x percent; when there are none, those within one percent of x; when there are
/// still none, the column is left out. Each column holds the mean over its events.
/// </summary>
public static class OpenbDiscretiser
{
    /// <summary>Last column of the published tables: 130 % arrived.</summary>
    public const int PublishedMaxPercent = 130;

    /// <summary>
    /// Discretises <paramref name="run"/> for columns 0 up to <paramref name="maxPercent"/>,
    /// or up to the largest arrived percentage of the run when that is larger.
    /// </summary>
    public static IReadOnlyList<DiscretePoint> Discretise(OpenbRunResult run, int maxPercent = PublishedMaxPercent)
    {
        var samples = run.Samples;
        var totalGpus = (double)run.TotalGpus;
        var arrive = new int[samples.Count];
        var allocated = new double[samples.Count];
        var fragmented = new double[samples.Count];
        var ratio = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            // Per event, the tables round with Python's exact rule; the logged fragmentation
            // values were printed with two decimals before they were averaged.
            arrive[i] = (int)DecimalRounding.RoundExact(samples[i].ArrivedGpuMilli / totalGpus / 10, 0);
            allocated[i] = DecimalRounding.RoundExact(samples[i].AllocatedGpuMilli / totalGpus / 10, 2);
            fragmented[i] = DecimalRounding.RoundExact(samples[i].FragmentedGpuMilli, 2);
            ratio[i] = DecimalRounding.RoundExact(samples[i].FragmentationRatioPercent, 2);
        }

        var lastColumn = Math.Max(maxPercent, arrive.Length == 0 ? 0 : arrive.Max());
        var points = new List<DiscretePoint>(lastColumn + 1);
        for (var x = 0; x <= lastColumn; x++)
        {
            var (first, count) = EventsAt(arrive, x, x);
            if (count == 0)
            {
                (first, count) = EventsAt(arrive, x - 1, x + 1);
            }

            if (count == 0)
            {
                continue;
            }

            var meanAllocated = Mean(allocated, first, count);
            var meanFragmented = Mean(fragmented, first, count);
            points.Add(new DiscretePoint(
                x,
                DecimalRounding.RoundNumpy(meanAllocated, 2),
                DecimalRounding.RoundNumpy(100 * meanFragmented / 1000 / totalGpus, 2),
                Mean(ratio, first, count)));
        }

        return points;
    }

    /// <summary>
    /// Finds the events whose arrived percentage lies in [low, high]. Arrived demand never
    /// decreases, so they form one contiguous range.
    /// </summary>
    private static (int First, int Count) EventsAt(int[] arrive, int low, int high)
    {
        var first = LowerBound(arrive, low);
        var end = LowerBound(arrive, high + 1);
        return (first, end - first);
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double Mean(double[] values, int first, int count)
    {
        double sum = 0;
        for (var i = first; i < first + count; i++)
        {
            sum += values[i];
        }

        return sum / count;
    }
}
