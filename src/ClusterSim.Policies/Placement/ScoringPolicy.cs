using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// A policy that gives every feasible node an integer score and picks the highest, with ties
/// going to the node of smallest rank. Scores must lie in 0..<see cref="MaxNodeScore"/> after
/// the optional min-max normalisation; a score outside that range fails the pod.
/// </summary>
public abstract class ScoringPolicy : IPlacementPolicy
{
    /// <summary>Highest score a node can get, as in the Kubernetes scheduling framework.</summary>
    public const long MaxNodeScore = 100;

    private long[] scores = new long[64];

    public abstract string Name { get; }

    /// <summary>True when raw scores are rescaled to 0..100 over the feasible nodes before the choice.</summary>
    protected virtual bool NormalizesScores => false;

    /// <summary>Returns the raw score of <paramref name="node"/> for <paramref name="pod"/>.</summary>
    public abstract long Score(NodeState node, PodSpec pod);

    public virtual int[] SelectDevices(NodeState node, PodSpec pod) => GpuDeviceSelection.Packed(node, pod);

    public NodeChoice ChooseNode(ReadOnlySpan<int> feasibleNodes, ClusterState cluster, PodSpec pod, NodeRanking ranking)
    {
        if (scores.Length < feasibleNodes.Length)
        {
            scores = new long[Math.Max(feasibleNodes.Length, scores.Length * 2)];
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        var nodes = cluster.NodeArray;
        for (var i = 0; i < feasibleNodes.Length; i++)
        {
            var score = Score(nodes[feasibleNodes[i]], pod);
            scores[i] = score;
            min = Math.Min(min, score);
            max = Math.Max(max, score);
        }

        if (NormalizesScores)
        {
            // Integer min-max rescaling, as Kubernetes score normalisation does it.
            for (var i = 0; i < feasibleNodes.Length; i++)
            {
                scores[i] = max == min ? 0 : (scores[i] - min) * MaxNodeScore / (max - min);
            }
        }

        var best = -1;
        for (var i = 0; i < feasibleNodes.Length; i++)
        {
            if (scores[i] < 0 || scores[i] > MaxNodeScore)
            {
                return NodeChoice.Failed(
                    $"policy {Name} scored node {cluster.Nodes[feasibleNodes[i]].Name} {scores[i]}, outside 0..{MaxNodeScore}");
            }

            if (best < 0 || scores[i] > scores[best]
                || (scores[i] == scores[best] && ranking.RankOf(feasibleNodes[i]) < ranking.RankOf(feasibleNodes[best])))
            {
                best = i;
            }
        }

        return NodeChoice.Chosen(feasibleNodes[best]);
    }
}
