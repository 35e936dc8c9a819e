using ClusterSim.Core;
using ClusterSim.Policies;

namespace ClusterSim.Simulation.Openb;

/// <summary>
/// Prepares the openb study's input the way the FGD paper's simulator does: one random stream
/// shuffles the name-sorted pods, then draws the clones that inflate the workload, then ranks
/// the name-sorted nodes.
/// </summary>
public static class OpenbWorkloadBuilder
{
    /// <summary>
    /// Builds the workload for one seed. <paramref name="inflation"/> is the target GPU demand
    /// as a multiple of the cluster's GPU capacity (1.3 submits 130 % of it).
    /// </summary>
    public static OpenbWorkload Build(IReadOnlyList<NodeSpec> nodes, IReadOnlyList<PodSpec> pods, double inflation,
        int seed, Random random, int popularityPercent = TargetWorkload.DefaultPopularityPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inflation);
        var sortedNodes = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToArray();
        var reference = pods.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        var target = TargetWorkload.FromPods(reference, popularityPercent);

        var submissions = reference.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(submissions));

        var capacityMilli = sortedNodes.Sum(n => (long)n.GpuCount) * GpuDevice.MilliCapacity;
        var targetMilli = inflation * capacityMilli;
        var demand = submissions.Sum(p => p.TotalGpuMilli);
        var clones = demand < targetMilli ? Inflate(submissions, reference, demand, targetMilli, random) : 0;
        var removed = demand > targetMilli ? Deflate(submissions, demand, targetMilli, random) : 0;

        var ranks = Enumerable.Range(0, sortedNodes.Length).ToArray();
        random.Shuffle(ranks);
        return new OpenbWorkload(seed, sortedNodes, ranks, [.. submissions], reference.Length, clones, removed, target);
    }

    /// <summary>
    /// Appends copies of uniformly drawn reference pods until the next draw would overshoot the
    /// target. The stop test compares the demand plus the drawn pod's per-GPU milli, and the
    /// demand then grows by its total milli, so a multi-GPU clone may overshoot; this follows
    /// the FGD study's tuner. CPU-only draws add nothing and never stop the loop.
    /// </summary>
    private static int Inflate(List<PodSpec> submissions, PodSpec[] reference, long demand, double targetMilli, Random random)
    {
        if (!reference.Any(p => p.NeedsGpu))
        {
            return 0;
        }

        var added = 0;
        while (true)
        {
            var drawn = reference[random.Next(reference.Length)];
            if (demand + drawn.GpuMilli > targetMilli)
            {
                return added;
            }

            demand += drawn.TotalGpuMilli;
            submissions.Add(drawn with { Name = $"{drawn.Name}-tuned-{added}" });
            added++;
        }
    }

    /// <summary>Removes uniformly drawn pods until the demand is at most the target.</summary>
    private static int Deflate(List<PodSpec> submissions, long demand, double targetMilli, Random random)
    {
        var removed = 0;
        while (demand > targetMilli && submissions.Count > 0)
        {
            var index = random.Next(submissions.Count);
            demand -= submissions[index].TotalGpuMilli;
            submissions.RemoveAt(index);
            removed++;
        }

        return removed;
    }
}
