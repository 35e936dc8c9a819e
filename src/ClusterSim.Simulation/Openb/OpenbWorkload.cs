using ClusterSim.Core;
using ClusterSim.Policies;

namespace ClusterSim.Simulation.Openb;

/// <summary>
/// One seed's prepared input for the openb placement study: nodes in name order with their
/// tie-breaking ranks, the pods in submission order after shuffling and inflation, and the
/// target workload for fragmentation.
/// </summary>
public sealed class OpenbWorkload
{
    internal OpenbWorkload(int seed, NodeSpec[] nodes, int[] rankByNode, PodSpec[] submissions,
        int originalPodCount, int clonesAdded, int podsRemoved, TargetWorkload target)
    {
        Seed = seed;
        Nodes = nodes;
        RankByNode = rankByNode;
        Submissions = submissions;
        OriginalPodCount = originalPodCount;
        ClonesAdded = clonesAdded;
        PodsRemoved = podsRemoved;
        Target = target;
    }

    public int Seed { get; }

    /// <summary>Nodes sorted by name (ordinal).</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; }

    /// <summary>Tie-breaking rank of each node in <see cref="Nodes"/>; a permutation of 0..n-1.</summary>
    public IReadOnlyList<int> RankByNode { get; }

    /// <summary>Pods in the order they are submitted.</summary>
    public IReadOnlyList<PodSpec> Submissions { get; }

    public int OriginalPodCount { get; }

    /// <summary>Number of pods sampled from the trace and appended to reach the inflation target.</summary>
    public int ClonesAdded { get; }

    /// <summary>Number of pods removed to get down to an inflation target below the trace's demand.</summary>
    public int PodsRemoved { get; }

    /// <summary>The most popular pod shapes of the original trace, the FGD target workload.</summary>
    public TargetWorkload Target { get; }

    /// <summary>GPU demand of all submissions in milli.</summary>
    public long TotalGpuDemandMilli => Submissions.Sum(p => p.TotalGpuMilli);
}
