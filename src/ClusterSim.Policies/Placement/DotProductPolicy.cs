using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// Dot product: scores a node lower the more its free (CPU, GPU) vector aligns with the pod's
/// request vector, both scaled to the largest node. No normalisation.
/// </summary>
public sealed class DotProductPolicy : ScoringPolicy
{
    public override string Name => PolicyNames.DotProd;

    public override long Score(NodeState node, PodSpec pod)
    {
        if (node.CpuLeft < pod.CpuMilli)
        {
            return 0;
        }

        var product = (node.CpuLeft / ScoreScale.MaxSpecCpuMilli) * (pod.CpuMilli / ScoreScale.MaxSpecCpuMilli)
            + (node.GpuLeftTotal / ScoreScale.MaxSpecGpuMilli) * (pod.TotalGpuMilli / ScoreScale.MaxSpecGpuMilli);
        return (long)(MaxNodeScore * (1 - (product / 2)));
    }
}
