using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

/// <summary>
/// DotProd scores int64(100 × (1 − u·v/2)) with u = (cpuLeft/128000, gpuLeft/8000) and
/// v = (cpu/128000, gpu/8000), so the node least aligned with the pod wins.
/// </summary>
public class DotProductPolicyTests
{
    private static readonly int[] AllNodes = [0, 1, 2];

    /// <summary>Nodes of 128 cores and 8 GPUs, 64 cores and 2 GPUs, and 128 cores and 1 GPU.</summary>
    private static ClusterState ThreeNodes() => Cluster(
        Node("a", 128_000, 8),
        Node("b", 64_000, 2),
        Node("c", 128_000, 1));

    [Fact]
    public void Score_HandComputedValues()
    {
        var cluster = ThreeNodes();
        var pod = WholeGpuPod(64_000, 1);
        var policy = new DotProductPolicy();

        // v = (0.5, 0.125). a: u = (1, 1), u·v = 0.625, 100·(1 − 0.3125) = 68.75.
        Assert.Equal(68, policy.Score(cluster.Nodes[0], pod));

        // b: u = (0.5, 0.25), u·v = 0.28125, 100·(1 − 0.140625) = 85.9375.
        Assert.Equal(85, policy.Score(cluster.Nodes[1], pod));

        // c: u = (1, 0.125), u·v = 0.515625, 100·(1 − 0.2578125) = 74.21875.
        Assert.Equal(74, policy.Score(cluster.Nodes[2], pod));
    }

    [Fact]
    public void Score_CpuShortScoresZero()
    {
        var node = Cluster(Node("n", 32_000, 8)).Nodes[0];

        Assert.Equal(0, new DotProductPolicy().Score(node, WholeGpuPod(64_000, 1)));
    }

    [Fact]
    public void ChooseNode_PrefersLeastAlignedNode()
    {
        var choice = new DotProductPolicy().ChooseNode(AllNodes, ThreeNodes(), WholeGpuPod(64_000, 1), NodeRanking.Identity(3));

        Assert.True(choice.Succeeded);
        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_CpuPodUsesCpuTerm()
    {
        // v = (0.25, 0). a and c: u·v = 0.25, so 87.5 gives 87. b: u·v = 0.125, so 93.75 gives 93.
        var choice = new DotProductPolicy().ChooseNode(AllNodes, ThreeNodes(), CpuPod(32_000), NodeRanking.Identity(3));

        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void SelectDevices_TakesTightestDevice()
    {
        var node = NodeWithGpuLeft(32_000, "T4", 1000, 400, 700);

        Assert.Equal([1], new DotProductPolicy().SelectDevices(node, SharePod(1000, 300)));
    }
}
