using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// One placement policy: which feasible node a pod goes to and which GPU devices it takes
/// there. Implementations see node state and the pod only; they do no I/O and read no clock.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>Canonical lower-case policy name, as the command line accepts it.</summary>
    string Name { get; }

    /// <summary>
    /// Chooses among <paramref name="feasibleNodes"/> (indices into the cluster's nodes; at
    /// least two). Returns a failure when the policy cannot decide, for example when a score
    /// leaves its documented range.
    /// </summary>
    NodeChoice ChooseNode(ReadOnlySpan<int> feasibleNodes, ClusterState cluster, PodSpec pod, NodeRanking ranking);

    /// <summary>Picks the GPU devices for <paramref name="pod"/> on the chosen node; empty for a CPU-only pod.</summary>
    int[] SelectDevices(NodeState node, PodSpec pod);
}
