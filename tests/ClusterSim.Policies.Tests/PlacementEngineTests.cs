using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

public class PlacementEngineTests
{
    /// <summary>A policy that counts how often it is asked to choose and takes the first feasible node.</summary>
    private sealed class CountingPolicy : IPlacementPolicy
    {
        public int ChooseNodeCalls { get; private set; }

        public string Name => "counting";

        public NodeChoice ChooseNode(ReadOnlySpan<int> feasibleNodes, ClusterState cluster, PodSpec pod, NodeRanking ranking)
        {
            ChooseNodeCalls++;
            return NodeChoice.Chosen(feasibleNodes[0]);
        }

        public int[] SelectDevices(NodeState node, PodSpec pod) => GpuDeviceSelection.Packed(node, pod);
    }

    [Fact]
    public void Decide_SingleFeasibleNodeSkipsScoring()
    {
        // Only node b has a device with room for 300 milli.
        var cluster = Cluster(Node("a", 8000, 1), Node("b", 8000, 2), Node("c", 500, 1));
        UseGpus(cluster, 0, 100);
        UseGpus(cluster, 1, 200, 600);
        var policy = new CountingPolicy();

        var decision = new PlacementEngine(policy, NodeRanking.Identity(3)).Decide(cluster, SharePod(1000, 300));

        Assert.Equal(0, policy.ChooseNodeCalls);
        Assert.Equal(1, decision.Placement!.NodeIndex);
        Assert.Equal([1], decision.Placement.GpuDevices);
    }

    [Fact]
    public void Decide_SeveralFeasibleNodesAskPolicy()
    {
        var cluster = Cluster(Node("a", 8000, 1), Node("b", 8000, 1));
        var policy = new CountingPolicy();

        new PlacementEngine(policy, NodeRanking.Identity(2)).Decide(cluster, SharePod(1000, 300));

        Assert.Equal(1, policy.ChooseNodeCalls);
    }

    [Fact]
    public void Decide_SingleFeasibleNodeIgnoresScoreRange()
    {
        // The 16-GPU node would score −21 under GpuClustering, outside 0..100, but as the
        // only feasible node it is not scored.
        var cluster = Cluster(Node("big", 32_000, 16), Node("cpu", 32_000, 0, ""));
        cluster.Assign(WholeGpuPod(0, 1), new Placement(0, [0]));
        var engine = new PlacementEngine(new GpuClusteringPolicy(), NodeRanking.Identity(2));

        var decision = engine.Decide(cluster, SharePod(1000, 300));

        Assert.True(decision.IsPlaced);
        Assert.Equal(0, decision.Placement!.NodeIndex);
        Assert.Equal([1], decision.Placement.GpuDevices);
    }

    [Fact]
    public void Decide_PolicyFailureIsUnschedulable()
    {
        var cluster = Cluster(Node("big", 32_000, 16), Node("small", 32_000, 8));
        cluster.Assign(WholeGpuPod(0, 1), new Placement(0, [0]));
        var engine = new PlacementEngine(new GpuClusteringPolicy(), NodeRanking.Identity(2));

        var decision = engine.Decide(cluster, SharePod(1000, 300));

        Assert.False(decision.IsPlaced);
        Assert.Equal("policy gpuclustering scored node big -21, outside 0..100", decision.Reason);
    }

    [Fact]
    public void Decide_NoFitListsMostCommonReasonFirst()
    {
        // Nodes a and b have only 200 milli free, and node c has too little CPU.
        var cluster = Cluster(Node("a", 8000, 1), Node("b", 8000, 1), Node("c", 500, 1));
        UseGpus(cluster, 0, 200);
        UseGpus(cluster, 1, 200);
        var engine = new PlacementEngine(new BestFitPolicy(), NodeRanking.Identity(3));

        var decision = engine.Decide(cluster, SharePod(1000, 300));

        Assert.False(decision.IsPlaced);
        Assert.Equal("0/3 nodes fit: 2 insufficient GPU, 1 insufficient CPU", decision.Reason);
    }

    [Fact]
    public void Decide_NoFitSingleReason()
    {
        var cluster = Cluster(Node("a", 8000, 0, ""), Node("b", 8000, 0, ""));
        var engine = new PlacementEngine(new BestFitPolicy(), NodeRanking.Identity(2));

        var decision = engine.Decide(cluster, SharePod(1000, 300));

        Assert.Equal("0/2 nodes fit: 2 no GPU", decision.Reason);
    }

    [Fact]
    public void Decide_NoFitNamesEachReason()
    {
        // Three nodes lack memory, two are out of pod slots and one has another GPU model.
        var cluster = new ClusterState(
            [
                Node("m1", 8000, 1, memoryMib: 100),
                Node("m2", 8000, 1, memoryMib: 100),
                Node("m3", 8000, 1, memoryMib: 100),
                Node("p1", 8000, 1),
                Node("p2", 8000, 1),
                Node("v", 8000, 1, gpuModel: "V100"),
            ],
            maxPodsPerNode: 1);
        cluster.Assign(CpuPod(0), new Placement(3, []));
        cluster.Assign(CpuPod(0), new Placement(4, []));
        var engine = new PlacementEngine(new BestFitPolicy(), NodeRanking.Identity(6));
        var pod = new PodSpec("p", 1000, 200, 1, 300, "T4");

        var decision = engine.Decide(cluster, pod);

        Assert.Equal("0/6 nodes fit: 3 insufficient memory, 2 too many pods, 1 GPU model not allowed", decision.Reason);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 0)]
    [InlineData(new[] { 2, 1, 0 }, 2)]
    [InlineData(new[] { 1, 0, 2 }, 1)]
    public void Decide_ScoreTieGoesToSmallestRank(int[] rankByNode, int expected)
    {
        // Three identical nodes give BestFit equal scores.
        var cluster = Cluster(Node("a", 8000, 2), Node("b", 8000, 2), Node("c", 8000, 2));
        var engine = new PlacementEngine(new BestFitPolicy(), new NodeRanking(rankByNode));

        var decision = engine.Decide(cluster, SharePod(1000, 300));

        Assert.Equal(expected, decision.Placement!.NodeIndex);
    }

    [Fact]
    public void Decide_SkipsInfeasibleBetterNode()
    {
        // Node a would fit tightest under BestFit, but it lacks memory.
        var cluster = Cluster(Node("a", 2000, 1, memoryMib: 100), Node("b", 64_000, 8), Node("c", 128_000, 8));
        var engine = new PlacementEngine(new BestFitPolicy(), NodeRanking.Identity(3));

        var decision = engine.Decide(cluster, new PodSpec("p", 1000, 200, 1, 1000, ""));

        Assert.Equal(1, decision.Placement!.NodeIndex);
        Assert.Equal([0], decision.Placement.GpuDevices);
    }

    [Fact]
    public void Decide_FgdDeviceForSharePod()
    {
        // Node a has 460, 450 and 1000 milli free and node b too little CPU. Devices 0 and 1
        // both score 54 after truncation, so FGD keeps device 0 although device 1 is tighter.
        var cluster = Cluster(Node("a", 32_000, 3), Node("b", 500, 3));
        UseGpus(cluster, 0, 460, 450, 1000);
        var target = TargetWorkload.FromPods(
            [
                new PodSpec("a", 1000, 0, 1, 500, ""),
                new PodSpec("b", 1000, 0, 1, 500, ""),
                new PodSpec("c", 1000, 0, 1, 1000, ""),
                new PodSpec("d", 1000, 0, 1, 200, ""),
            ],
            100);
        var engine = new PlacementEngine(new FgdPolicy(new FragmentationMeasure(target)), NodeRanking.Identity(2));

        var decision = engine.Decide(cluster, SharePod(1000, 300));

        Assert.Equal(0, decision.Placement!.NodeIndex);
        Assert.Equal([0], decision.Placement.GpuDevices);
    }
}
