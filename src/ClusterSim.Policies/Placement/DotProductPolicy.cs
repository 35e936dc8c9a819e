using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// Dot product: scores a node lower the more its free (CPU, GPU) vector aligns with the pod's
/// request vector, both scaled to the largest node (<see cref="ScoreScale"/>). No normalisation.
/// </summary>
public sealed class DotProductPolicy(ScoreScale? scale = null) : ScoringPolicy
{
    private readonly double cpuScale = (scale ?? ScoreScale.Openb).CpuMilli;
    private readonly double gpuScale = (scale ?? ScoreScale.Openb).GpuMilli;

    public override string Name => PolicyNames.DotProd;

    public override long Score(NodeState node, PodSpec pod)
    {
        if (node.CpuLeft < pod.CpuMilli)
        {
            return 0;
        }

        var product = (node.CpuLeft / cpuScale) * (pod.CpuMilli / cpuScale)
            + (node.GpuLeftTotal / gpuScale) * (pod.TotalGpuMilli / gpuScale);
        return (long)(MaxNodeScore * (1 - (product / 2)));
    }
}
