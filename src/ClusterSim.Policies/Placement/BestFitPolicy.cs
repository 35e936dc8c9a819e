using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// Best fit: prefers the node left with the least CPU and GPU after placement, weighing the
/// two equally against the largest node (128 cores, 8 GPUs). Scores are min-max normalised.
/// </summary>
public sealed class BestFitPolicy : ScoringPolicy
{
    public override string Name => PolicyNames.BestFit;

    protected override bool NormalizesScores => true;

    public override long Score(NodeState node, PodSpec pod)
    {
        var leftover = 0.5 * (node.CpuLeft - pod.CpuMilli) / ScoreScale.MaxSpecCpuMilli
            + 0.5 * (node.GpuLeftTotal - pod.TotalGpuMilli) / ScoreScale.MaxSpecGpuMilli;
        return (long)((1 - leftover) * MaxNodeScore);
    }
}
