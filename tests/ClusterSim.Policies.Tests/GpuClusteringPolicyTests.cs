using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

/// <summary>
/// GpuClustering adds 75 when a node runs only GPU pods of the pod's kind, 50 when it runs that
/// kind among others, 25 when it runs no GPU pods and 0 when it runs only other kinds. The base
/// is 25·(8000 − gpuLeft)/8000 in integer arithmetic.
/// </summary>
public class GpuClusteringPolicyTests
{
    private static readonly int[] AllNodes = [0, 1, 2, 3];

    /// <summary>
    /// Four 8-GPU nodes. Node a runs two 500-milli share pods (7000 free, base 25000/8000 = 3).
    /// Node b runs a 300-milli share pod and a 2-GPU pod (5700 free, base 57500/8000 = 7).
    /// Node c runs only a CPU pod (8000 free, base 0). Node d runs a 4-GPU pod (4000 free, base 12).
    /// </summary>
    private static ClusterState FourNodes()
    {
        var cluster = Cluster(Node("a", 32_000, 8), Node("b", 32_000, 8), Node("c", 32_000, 8), Node("d", 32_000, 8));
        cluster.Assign(SharePod(0, 500), new Placement(0, [0]));
        cluster.Assign(SharePod(0, 500), new Placement(0, [1]));
        cluster.Assign(SharePod(0, 300), new Placement(1, [0]));
        cluster.Assign(WholeGpuPod(0, 2), new Placement(1, [1, 2]));
        cluster.Assign(CpuPod(1000), new Placement(2, []));
        cluster.Assign(WholeGpuPod(0, 4), new Placement(3, [0, 1, 2, 3]));
        return cluster;
    }

    [Fact]
    public void Score_OnlySameKindAdds75()
    {
        Assert.Equal(78, new GpuClusteringPolicy().Score(FourNodes().Nodes[0], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_SameKindAmongOthersAdds50()
    {
        Assert.Equal(57, new GpuClusteringPolicy().Score(FourNodes().Nodes[1], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_NoGpuPodsAdds25()
    {
        Assert.Equal(25, new GpuClusteringPolicy().Score(FourNodes().Nodes[2], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_OnlyOtherKindsAddsNothing()
    {
        Assert.Equal(12, new GpuClusteringPolicy().Score(FourNodes().Nodes[3], SharePod(1000, 300)));
    }

    [Fact]
    public void Score_WholeGpuKindsDifferByCount()
    {
        var cluster = FourNodes();
        var policy = new GpuClusteringPolicy();

        // A 2-GPU pod is the same kind as node b's 2-GPU pod, but not node d's 4-GPU pod.
        Assert.Equal(57, policy.Score(cluster.Nodes[1], WholeGpuPod(1000, 2)));
        Assert.Equal(12, policy.Score(cluster.Nodes[3], WholeGpuPod(1000, 2)));
        Assert.Equal(87, policy.Score(cluster.Nodes[3], WholeGpuPod(1000, 4)));
    }

    [Fact]
    public void Score_BaseMultipliesBeforeDividing()
    {
        // One GPU node with its only device free: 25·7000/8000 = 21.875 gives 21, plus 25.
        var node = Cluster(Node("n", 32_000, 1)).Nodes[0];

        Assert.Equal(46, new GpuClusteringPolicy().Score(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Score_CpuPodScoresZero()
    {
        Assert.Equal(0, new GpuClusteringPolicy().Score(FourNodes().Nodes[0], CpuPod(1000)));
    }

    [Fact]
    public void ChooseNode_SharePodJoinsSharePods()
    {
        // Scores: a 78, b 57, c 25, d 12.
        var choice = new GpuClusteringPolicy().ChooseNode(AllNodes, FourNodes(), SharePod(1000, 300), NodeRanking.Identity(4));

        Assert.Equal(0, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_TwoGpuPodJoinsItsKind()
    {
        // Scores: a 3, b 57, c 25, d 12.
        var choice = new GpuClusteringPolicy().ChooseNode(AllNodes, FourNodes(), WholeGpuPod(1000, 2), NodeRanking.Identity(4));

        Assert.Equal(1, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_FourGpuPodJoinsItsKind()
    {
        // Scores: a 3, b 7, c 25, d 87.
        var choice = new GpuClusteringPolicy().ChooseNode(AllNodes, FourNodes(), WholeGpuPod(1000, 4), NodeRanking.Identity(4));

        Assert.Equal(3, choice.NodeIndex);
    }

    [Fact]
    public void ChooseNode_NegativeScoreFails()
    {
        // A 16-GPU node with one 1-GPU pod has 15000 free: 25·(8000 − 15000)/8000 = −21.875,
        // truncated toward zero to −21, and a share pod adds 0, which is below the range.
        var cluster = Cluster(Node("big", 32_000, 16), Node("small", 32_000, 8));
        cluster.Assign(WholeGpuPod(0, 1), new Placement(0, [0]));
        var policy = new GpuClusteringPolicy();

        Assert.Equal(-21, policy.Score(cluster.Nodes[0], SharePod(1000, 300)));

        var choice = policy.ChooseNode([0, 1], cluster, SharePod(1000, 300), NodeRanking.Identity(2));

        Assert.False(choice.Succeeded);
        Assert.Equal("policy gpuclustering scored node big -21, outside 0..100", choice.Error);
    }

    [Fact]
    public void SelectDevices_TakesTightestDevice()
    {
        // Node b has 700 free on device 0 and 1000 on devices 3 to 7.
        Assert.Equal([0], new GpuClusteringPolicy().SelectDevices(FourNodes().Nodes[1], SharePod(1000, 300)));
    }
}
