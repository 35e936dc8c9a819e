using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>Random: a feasible node uniformly at random, and for a share pod a random device with room.</summary>
public sealed class RandomPolicy(Random random) : IPlacementPolicy
{
    public string Name => PolicyNames.Random;

    public NodeChoice ChooseNode(ReadOnlySpan<int> feasibleNodes, ClusterState cluster, PodSpec pod, NodeRanking ranking) =>
        NodeChoice.Chosen(feasibleNodes[random.Next(feasibleNodes.Length)]);

    public int[] SelectDevices(NodeState node, PodSpec pod) => GpuDeviceSelection.Random(node, pod, random);
}
