using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

/// <summary>
/// BestFit scores int64((1 − leftover) × 100) with leftover = 0.5·(cpuLeft − cpu)/128000 +
/// 0.5·(gpuLeft − gpu)/8000, then rescales the scores to 0..100 over the feasible nodes.
/// </summary>
/// <remarks>
/// The rescaling is monotonic and maps the top score to 100 unless all scores are equal, so its
/// integer division cannot change the choice. Only the out-of-range and all-equal cases show
/// the rescaling through the chosen node.
/// </remarks>
public class BestFitPolicyTests
{
    private static readonly int[] AllNodes = [0, 1, 2];

    /// <summary>Nodes of 64 cores and 8 GPUs, 32 cores and 4 GPUs, and 128 cores and 8 GPUs.</summary>
    private static ClusterState ThreeNodes() => Cluster(
        Node("a", 64_000, 8),
        Node("b", 32_000, 4),
        Node("c", 128_000, 8));

    [Fact]
    public void Score_HandComputedValues()
    {
        var cluster = ThreeNodes();
        var pod = WholeGpuPod(16_000, 1);
        var policy = new BestFitPolicy();

        // a: 0.5·48000/128000 + 0.5·7000/8000 = 0.1875 + 0.4375 = 0.625, so 37.5 truncates to 37.
        Assert.Equal(37, policy.Score(cluster.Nodes[0], pod));

        // b: 0.5·16000/128000 + 0.5·3000/8000 = 0.0625 + 0.1875 = 0.25, so 75.
        Assert.Equal(75, policy.Score(cluster.Nodes[1], pod));

        // c: 0.5·112000/128000 + 0.4375 = 0.875, so 12.5 truncates to 12.
        Assert.Equal(12, policy.Score(cluster.Nodes[2], pod));
    }

    [Fact]
    public void Score_CountsGpuLeftOverAllDevices()
    {
        var node = NodeWithGpuLeft(32_000, "T4", 1000, 400, 700);

        // 0.5·32000/128000 + 0.5·(2100 − 300)/8000 = 0.125 + 0.1125 = 0.2375, so 76.25 gives 76.
        Assert.Equal(76, new BestFitPolicy().Score(node, SharePod(0, 300)));
    }

    [Fact]
    public void ChooseNode_PrefersTighterNode()
    {
        var cluster = ThreeNodes();

        var choice = new BestFitPolicy().ChooseNode(AllNodes, cluster, WholeGpuPod(16_000, 1), NodeRanking.Identity(3));

        Assert.True(choice.Succeeded);
        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_NormalisesNegativeRawScores()
    {
        // A node larger than 128 cores has a leftover above 1: 0.5·384000/128000 = 1.5 gives −50.
        // The other raw scores are 75 (64 cores) and 50 (128 cores). Unscaled, −50 would fail
        // the pod, but rescaled the scores are 0, 100 and (50 + 50)·100/125 = 80.
        var cluster = Cluster(Node("huge", 384_000, 0, ""), Node("small", 64_000, 0, ""), Node("mid", 128_000, 0, ""));
        var policy = new BestFitPolicy();
        var pod = CpuPod(0);

        Assert.Equal(-50, policy.Score(cluster.Nodes[0], pod));

        var choice = policy.ChooseNode(AllNodes, cluster, pod, NodeRanking.Identity(3));

        Assert.True(choice.Succeeded);
        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_AllEqualRankDecides()
    {
        // Both nodes score −50 raw. Equal scores rescale to 0 rather than failing the range
        // check, and the node with the smaller rank wins.
        var cluster = Cluster(Node("x", 384_000, 0, ""), Node("y", 384_000, 0, ""));
        var policy = new BestFitPolicy();

        var choice = policy.ChooseNode([0, 1], cluster, CpuPod(0), new NodeRanking([1, 0]));

        Assert.True(choice.Succeeded);
        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void SelectDevices_TakesTightestDevice()
    {
        var node = NodeWithGpuLeft(32_000, "T4", 1000, 400, 700);

        Assert.Equal([1], new BestFitPolicy().SelectDevices(node, SharePod(1000, 300)));
    }
}
