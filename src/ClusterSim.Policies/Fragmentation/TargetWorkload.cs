using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// The workload that fragmentation is measured against: the most popular pod shapes of a trace
/// with their probabilities, as in the FGD paper (Weng et al., USENIX ATC 2023).
/// </summary>
public sealed class TargetWorkload
{
    /// <summary>Share of all pods that the kept shapes must cover, in percent.</summary>
    public const int DefaultPopularityPercent = 95;

    private TargetWorkload(IReadOnlyList<TypicalPod> pods, int totalPods)
    {
        Pods = pods;
        TotalPods = totalPods;
    }

    /// <summary>Kept shapes, most popular first; their probabilities sum to 1.</summary>
    public IReadOnlyList<TypicalPod> Pods { get; }

    /// <summary>Number of pods the workload was built from.</summary>
    public int TotalPods { get; }

    /// <summary>
    /// Builds the target workload of <paramref name="pods"/>. Shapes are counted (memory is not
    /// part of a shape, CPU-only pods are included, each pod weighs 1) and sorted by count,
    /// then CPU, GPU milli, GPU count and model list, all descending. Shapes are kept until they
    /// cover at least <paramref name="popularityPercent"/> percent of the pods. A kept shape's
    /// probability is its count divided by the kept count.
    /// </summary>
    public static TargetWorkload FromPods(IReadOnlyCollection<PodSpec> pods, int popularityPercent = DefaultPopularityPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(popularityPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(popularityPercent, 100);
        var counts = new Dictionary<PodShape, int>();
        foreach (var pod in pods)
        {
            counts[pod.Shape] = counts.GetValueOrDefault(pod.Shape) + 1;
        }

        var sorted = counts.ToList();
        sorted.Sort((a, b) =>
        {
            var byCount = b.Value.CompareTo(a.Value);
            if (byCount != 0)
            {
                return byCount;
            }

            var (x, y) = (a.Key, b.Key);
            var byCpu = y.CpuMilli.CompareTo(x.CpuMilli);
            if (byCpu != 0)
            {
                return byCpu;
            }

            var byMilli = y.GpuMilli.CompareTo(x.GpuMilli);
            if (byMilli != 0)
            {
                return byMilli;
            }

            var byNumber = y.GpuCount.CompareTo(x.GpuCount);
            return byNumber != 0 ? byNumber : string.CompareOrdinal(y.GpuModels, x.GpuModels);
        });

        var total = pods.Count;
        var kept = new List<KeyValuePair<PodShape, int>>();
        long cumulative = 0;
        foreach (var entry in sorted)
        {
            if (cumulative * 100 >= (long)popularityPercent * total)
            {
                break;
            }

            kept.Add(entry);
            cumulative += entry.Value;
        }

        // Probabilities are computed as (count / total) / (kept / total), in that order, so
        // that the floating-point values match the published study's arithmetic.
        var keptShare = (double)cumulative / total;
        var typical = kept
            .Select(e => new TypicalPod(e.Key, e.Value, (double)e.Value / total / keptShare))
            .ToList();
        return new TargetWorkload(typical, total);
    }

    /// <summary>Share of all pods that the kept shapes cover, from 0 to 1.</summary>
    public double Coverage => TotalPods == 0 ? 0 : (double)Pods.Sum(p => p.Count) / TotalPods;
}
