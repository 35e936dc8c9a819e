using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// Best fit: prefers the node left with the least CPU and GPU after placement, weighing the
/// two equally against the largest node (<see cref="ScoreScale"/>). Scores are min-max normalised.
/// </summary>
public sealed class BestFitPolicy(ScoreScale? scale = null) : ScoringPolicy
{
    private readonly double cpuScale = (scale ?? ScoreScale.Openb).CpuMilli;
    private readonly double gpuScale = (scale ?? ScoreScale.Openb).GpuMilli;

    public override string Name => PolicyNames.BestFit;

    protected override bool NormalizesScores => true;

    public override long Score(NodeState node, PodSpec pod)
    {
        var leftover = 0.5 * (node.CpuLeft - pod.CpuMilli) / cpuScale
            + 0.5 * (node.GpuLeftTotal - pod.TotalGpuMilli) / gpuScale;
        return (long)((1 - leftover) * MaxNodeScore);
    }
}
