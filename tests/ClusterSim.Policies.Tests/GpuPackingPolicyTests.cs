using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

/// <summary>
/// GpuPacking has three score ranges. A node with no GPU in use scores max(33 − free, free).
/// When the devices chosen for the pod include f fully free ones, the node scores
/// max(50 − f, 33). Otherwise the pod fits on partly used devices and the node scores
/// max(100 − Σ⌊left·100/1000⌋/10, 50).
/// </summary>
public class GpuPackingPolicyTests
{
    private static readonly int[] AllNodes = [0, 1, 2, 3];

    /// <summary>
    /// An untouched 8-GPU node, a 4-GPU node running only a CPU pod, a 3-GPU node with
    /// 1000, 400 and 700 milli free, and a 2-GPU node with 1000 and 200 free.
    /// </summary>
    private static ClusterState FourNodes()
    {
        var cluster = Cluster(Node("a", 32_000, 8), Node("b", 32_000, 4), Node("c", 32_000, 3), Node("d", 32_000, 2));
        cluster.Assign(CpuPod(1000), new Placement(1, []));
        UseGpus(cluster, 2, 1000, 400, 700);
        UseGpus(cluster, 3, 1000, 200);
        return cluster;
    }

    [Theory]
    [InlineData(1, 32)]
    [InlineData(4, 29)]
    [InlineData(8, 25)]
    [InlineData(20, 20)]
    public void Score_UntouchedNodeByGpuCount(int gpuCount, long expected)
    {
        var node = Cluster(Node("n", 32_000, gpuCount)).Nodes[0];

        Assert.Equal(expected, new GpuPackingPolicy().Score(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Score_CpuUseKeepsNodeUntouched()
    {
        // Only GPU use counts: the 4-GPU node with a CPU pod scores max(33 − 4, 4) = 29.
        Assert.Equal(29, new GpuPackingPolicy().Score(FourNodes().Nodes[1], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_PartlyUsedDeviceTaken()
    {
        // The pod takes the device with 400 free: 100 − 40/10 = 96.
        Assert.Equal(96, new GpuPackingPolicy().Score(FourNodes().Nodes[2], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_PercentTruncatesPerDevice()
    {
        // 459 free: ⌊459·100/1000⌋ = 45, and 45/10 = 4, so 96.
        var node = NodeWithGpuLeft(32_000, "T4", 459, 1000);

        Assert.Equal(96, new GpuPackingPolicy().Score(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Score_SumsPercentOverTakenDevices()
    {
        // A pod of 2 × 300 milli takes the devices with 380 and 450 free: (38 + 45)/10 = 8, so 92.
        var node = NodeWithGpuLeft(32_000, "T4", 450, 380, 1000, 1000);
        var pod = new PodSpec("p", 1000, 0, 2, 300, "");

        Assert.Equal(92, new GpuPackingPolicy().Score(node, pod));
    }

    [Fact]
    public void Score_PartlyUsedBranchFloorsAt50()
    {
        // A pod of 6 × 100 milli takes the six devices with 900 free: 100 − 540/10 = 46, raised to 50.
        var node = NodeWithGpuLeft(32_000, "T4", 900, 900, 900, 900, 900, 900, 1000, 1000);
        var pod = new PodSpec("p", 1000, 0, 6, 100, "");

        Assert.Equal(50, new GpuPackingPolicy().Score(node, pod));
    }

    [Fact]
    public void Score_FullyFreeDeviceTaken()
    {
        // Only the fully free device has room for 300 milli: max(50 − 1, 33) = 49.
        Assert.Equal(49, new GpuPackingPolicy().Score(FourNodes().Nodes[3], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_CountsFullyFreeDevicesTaken()
    {
        var node = NodeWithGpuLeft(32_000, "T4", 1000, 1000, 500, 1000);

        Assert.Equal(48, new GpuPackingPolicy().Score(node, WholeGpuPod(1000, 2)));
    }

    [Fact]
    public void Score_FullyFreeBranchFloorsAt33()
    {
        // 18 fully free devices taken on a 20-GPU node in use: max(50 − 18, 33) = 33.
        var gpuLeft = Enumerable.Repeat(1000, 20).ToArray();
        gpuLeft[19] = 500;
        var node = NodeWithGpuLeft(32_000, "T4", gpuLeft);

        Assert.Equal(33, new GpuPackingPolicy().Score(node, WholeGpuPod(1000, 18)));
    }

    [Fact]
    public void Score_CpuPodScoresZero()
    {
        Assert.Equal(0, new GpuPackingPolicy().Score(FourNodes().Nodes[2], CpuPod(1000)));
    }

    [Fact]
    public void ChooseNode_SharePodPrefersPartlyUsedDevice()
    {
        // Scores: a 25, b 29, c 96, d 49.
        var choice = new GpuPackingPolicy().ChooseNode(AllNodes, FourNodes(), SharePod(1000, 300), NodeRanking.Identity(4));

        Assert.Equal(2, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_WholeGpuTieGoesToRank()
    {
        // Scores: a 25, b 29, c 49, d 49. Node d has the smaller rank.
        var choice = new GpuPackingPolicy().ChooseNode(AllNodes, FourNodes(), WholeGpuPod(1000, 1), new NodeRanking([3, 2, 1, 0]));

        Assert.Equal(3, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_CpuPodGoesToRank()
    {
        var choice = new GpuPackingPolicy().ChooseNode(AllNodes, FourNodes(), CpuPod(1000), new NodeRanking([2, 0, 3, 1]));

        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void SelectDevices_TakesTightestDevice()
    {
        Assert.Equal([1], new GpuPackingPolicy().SelectDevices(FourNodes().Nodes[2], SharePod(1000, 300)));
    }
}
