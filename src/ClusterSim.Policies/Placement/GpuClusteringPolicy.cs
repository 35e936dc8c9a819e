using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// GPU clustering: prefers nodes that already hold only pods of the same GPU kind (share, or k
/// whole GPUs), then mixed nodes with that kind, then nodes without GPU pods, and adds a bonus
/// of up to 25 for used GPU capacity. CPU-only pods score 0 everywhere.
/// </summary>
public sealed class GpuClusteringPolicy(ScoreScale? scale = null) : ScoringPolicy
{
    private readonly long gpuScale = (scale ?? ScoreScale.Openb).GpuMilli;

    public override string Name => PolicyNames.GpuClustering;

    public override long Score(NodeState node, PodSpec pod)
    {
        if (!pod.NeedsGpu)
        {
            return 0;
        }

        var baseScore = 25 * (gpuScale - node.GpuLeftTotal) / gpuScale;
        var sameKind = node.AffinityCount(GpuAffinityTag.Of(pod));
        var otherKinds = node.GpuPodCount - sameKind;
        if (sameKind > 0)
        {
            return baseScore + (otherKinds == 0 ? 75 : 50);
        }

        return baseScore + (otherKinds == 0 ? 25 : 0);
    }
}
