using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

/// <summary>
/// FGD scores int64(sigmoid((F0 − F1)/1000) × 100), where F0 and F1 are the node's
/// fragmentation before and after the placement.
/// </summary>
/// <remarks>
/// The target workload has three shapes, all with 1000 millicores: a 500-milli share (p 0.5),
/// one whole GPU (p 0.25) and a 200-milli share (p 0.25). Every test node has 32 cores, so
/// only the GPU decides the buckets and F = 0.5·small(500) + 0.25·small(1000) + 0.25·small(200),
/// where small(m) is the free milli on devices with less than m free, or all free milli when
/// no device has m free.
/// </remarks>
public class FgdPolicyTests
{
    private static TargetWorkload Workload() => TargetWorkload.FromPods(
        [
            new PodSpec("a", 1000, 0, 1, 500, ""),
            new PodSpec("b", 1000, 0, 1, 500, ""),
            new PodSpec("c", 1000, 0, 1, 1000, ""),
            new PodSpec("d", 1000, 0, 1, 200, ""),
        ],
        100);

    private static FgdPolicy NewPolicy() => new(new FragmentationMeasure(Workload()));

    private static PodSpec Share300() => SharePod(1000, 300);

    /// <summary>
    /// Node 0 has devices with 1000, 400 and 700 milli free, node 1 has 460, 450 and 1000 free,
    /// and node 2 has four fully free devices.
    /// </summary>
    private static ClusterState ThreeNodes()
    {
        var cluster = Cluster(Node("a", 32_000, 3), Node("b", 32_000, 3), Node("c", 32_000, 4));
        UseGpus(cluster, 0, 1000, 400, 700);
        UseGpus(cluster, 1, 460, 450, 1000);
        return cluster;
    }

    [Fact]
    public void CurrentAmount_HandComputed()
    {
        // small(500) = 400, small(1000) = 400 + 700, small(200) = 0: 200 + 275 = 475.
        Assert.Equal(475, NewPolicy().CurrentAmount(ThreeNodes().Nodes[0]));
    }

    [Fact]
    public void ScoreOf_TruncatesSigmoid()
    {
        Assert.Equal(50, FgdPolicy.ScoreOf(0, 0));

        // sigmoid(0.2) × 100 = 54.98.
        Assert.Equal(54, FgdPolicy.ScoreOf(200, 0));

        // sigmoid(1) × 100 = 73.11 and sigmoid(−1) × 100 = 26.89.
        Assert.Equal(73, FgdPolicy.ScoreOf(1000, 0));
        Assert.Equal(26, FgdPolicy.ScoreOf(0, 1000));
    }

    [Fact]
    public void Score_SharePodBestDevice()
    {
        // F0 = 475. Device 0 leaves [700, 400, 700]: F1 = 200 + 0.25·1800 = 650, score 45.
        // Device 1 leaves [1000, 100, 700]: F1 = 50 + 200 + 25 = 275, sigmoid(0.2) gives 54.
        // Device 2 leaves [1000, 400, 400]: F1 = 400 + 200 = 600, sigmoid(−0.125) gives 46.
        var cluster = ThreeNodes();
        var policy = NewPolicy();

        Assert.Equal(54, policy.Score(cluster.Nodes[0], Share300()));
        Assert.Equal([1], policy.SelectDevices(cluster.Nodes[0], Share300()));
    }

    [Fact]
    public void SelectDevices_TruncatedTieTakesLowerIndex()
    {
        // F0 = 0.5·910 + 0.25·910 = 682.5. Device 0 leaves [160, 450, 1000]:
        // F1 = 305 + 152.5 + 40 = 497.5, sigmoid(0.185) × 100 = 54.61. Device 1 leaves
        // [460, 150, 1000]: F1 = 305 + 152.5 + 37.5 = 495, sigmoid(0.1875) × 100 = 54.67.
        // Both truncate to 54, so FGD keeps device 0 although device 1 is tighter and has
        // the larger untruncated score. Device 2 gives F1 = 455 + 402.5 = 857.5 and 45.
        var node = ThreeNodes().Nodes[1];
        var policy = NewPolicy();

        Assert.Equal([0], policy.SelectDevices(node, Share300()));
        Assert.Equal(54, policy.Score(node, Share300()));
        Assert.Equal([1], GpuDeviceSelection.Packed(node, Share300()));
    }

    [Fact]
    public void Score_FreshNodeSharePod()
    {
        // F0 = 0. Any device leaves [700, 1000, 1000, 1000]: F1 = 0.25·700 = 175, score 45.
        var cluster = ThreeNodes();
        var policy = NewPolicy();

        Assert.Equal(45, policy.Score(cluster.Nodes[2], Share300()));
        Assert.Equal([0], policy.SelectDevices(cluster.Nodes[2], Share300()));
    }

    [Fact]
    public void Score_RecomputedAfterNodeChanges()
    {
        var cluster = ThreeNodes();
        var policy = NewPolicy();
        Assert.Equal(45, policy.Score(cluster.Nodes[2], Share300()));

        cluster.Assign(Share300(), new Placement(2, [0]));

        // F0 = 175. Device 0 leaves [400, 1000, 1000, 1000]: F1 = 200 + 100 = 300, score 46.
        // Devices 1 to 3 leave [700, 700, 1000, 1000]: F1 = 0.25·1400 = 350, score 45.
        Assert.Equal(46, policy.Score(cluster.Nodes[2], Share300()));
        Assert.Equal([0], policy.SelectDevices(cluster.Nodes[2], Share300()));
    }

    [Fact]
    public void ChooseNode_PicksLeastFragmentingNode()
    {
        // Scores: node 0 54, node 2 45.
        var choice = NewPolicy().ChooseNode([0, 2], ThreeNodes(), Share300(), new NodeRanking([2, 1, 0]));

        Assert.True(choice.Succeeded);
        Assert.Equal(0, choice.NodeIndex);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 0)]
    [InlineData(new[] { 1, 0, 2 }, 1)]
    public void ChooseNode_ScoreTieGoesToRank(int[] rankByNode, int expected)
    {
        // Nodes 0 and 1 both score 54 for the share pod.
        var choice = NewPolicy().ChooseNode([0, 1, 2], ThreeNodes(), Share300(), new NodeRanking(rankByNode));

        Assert.Equal(expected, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_CpuPodAvoidsCpuStarvedNode()
    {
        // Node 0 has 1500 millicores: after a 1000-millicore pod no shape has CPU, so its whole
        // idle GPU lacks CPU: F1 = 1000 and sigmoid(−1) gives 26. Node 1 stays at F = 0, so 50.
        var cluster = Cluster(Node("starved", 1500, 1), Node("roomy", 32_000, 1));
        var policy = NewPolicy();

        Assert.Equal(26, policy.Score(cluster.Nodes[0], CpuPod(1000)));
        Assert.Equal(50, policy.Score(cluster.Nodes[1], CpuPod(1000)));
        Assert.Equal(1, policy.ChooseNode([0, 1], cluster, CpuPod(1000), NodeRanking.Identity(2)).NodeIndex);
    }

    [Fact]
    public void Score_WholeGpuPodTakesPackedDevice()
    {
        // Node with 400, 1000 and 1000 free: F0 = 0.5·400 + 0.25·400 = 300. The pod takes
        // device 1, leaving [400, 0, 1000] with the same small devices, so F1 = 300 and 50.
        var node = NodeWithGpuLeft(32_000, "T4", 400, 1000, 1000);
        var policy = NewPolicy();

        Assert.Equal(50, policy.Score(node, WholeGpuPod(1000, 1)));
        Assert.Equal([1], policy.SelectDevices(node, WholeGpuPod(1000, 1)));
    }

    [Fact]
    public void SelectDevices_MultiGpuTakesLowestFree()
    {
        var node = NodeWithGpuLeft(32_000, "T4", 1000, 400, 1000, 1000);

        Assert.Equal([0, 2], NewPolicy().SelectDevices(node, WholeGpuPod(1000, 2)));
    }

    [Fact]
    public void SelectDevices_CpuPodGetsNoDevice()
    {
        Assert.Empty(NewPolicy().SelectDevices(ThreeNodes().Nodes[0], CpuPod(1000)));
    }
}
