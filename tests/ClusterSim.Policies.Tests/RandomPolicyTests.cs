using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

public class RandomPolicyTests
{
    [Fact]
    public void ChooseNode_PicksOnlyFeasibleNodes()
    {
        var cluster = Cluster(Node("a", 8000, 1), Node("b", 8000, 1), Node("c", 8000, 1), Node("d", 8000, 1));
        var policy = new RandomPolicy(new Random(5));
        int[] feasible = [0, 2, 3];
        var counts = new int[4];

        for (var draw = 0; draw < 600; draw++)
        {
            var choice = policy.ChooseNode(feasible, cluster, SharePod(1000, 300), NodeRanking.Identity(4));
            Assert.Contains(choice.NodeIndex, feasible);
            counts[choice.NodeIndex]++;
        }

        // Each feasible node expects 200 draws with a standard deviation near 12.
        Assert.InRange(counts[0], 150, 250);
        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[2], 150, 250);
        Assert.InRange(counts[3], 150, 250);
    }

    [Fact]
    public void Decide_NeverPicksInfeasibleNode()
    {
        // Node b has only 200 milli free, too little for a 300-milli share pod.
        var cluster = Cluster(Node("a", 8000, 1), Node("b", 8000, 1), Node("c", 8000, 1));
        UseGpus(cluster, 1, 200);
        var engine = new PlacementEngine(new RandomPolicy(new Random(9)), NodeRanking.Identity(3));
        var counts = new int[3];

        for (var draw = 0; draw < 200; draw++)
        {
            var decision = engine.Decide(cluster, SharePod(1000, 300));
            Assert.True(decision.IsPlaced);
            counts[decision.Placement!.NodeIndex]++;
        }

        Assert.NotEqual(0, counts[0]);
        Assert.Equal(0, counts[1]);
        Assert.NotEqual(0, counts[2]);
    }

    [Fact]
    public void SelectDevices_SharePodAmongDevicesWithRoom()
    {
        var node = NodeWithGpuLeft(8000, "T4", 1000, 400, 200, 700);
        var policy = new RandomPolicy(new Random(17));
        var counts = new int[4];

        for (var draw = 0; draw < 3000; draw++)
        {
            counts[policy.SelectDevices(node, SharePod(1000, 300))[0]]++;
        }

        Assert.InRange(counts[0], 850, 1150);
        Assert.InRange(counts[1], 850, 1150);
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[3], 850, 1150);
    }

    [Fact]
    public void SelectDevices_WholeGpuPodTakesLowestFree()
    {
        var node = NodeWithGpuLeft(8000, "T4", 300, 1000, 1000);

        Assert.Equal([1], new RandomPolicy(new Random(1)).SelectDevices(node, WholeGpuPod(1000, 1)));
    }
}
