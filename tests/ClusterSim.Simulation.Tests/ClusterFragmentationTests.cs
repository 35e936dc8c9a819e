using ClusterSim.Core;
using ClusterSim.Policies;

namespace ClusterSim.Simulation.Tests;

/// <summary>
/// The target workload has two shapes: three pods of (1 core, 500 milli on one GPU), so
/// p = 0.75, and one CPU-only pod of 2 cores, so p = 0.25. The products below are exact in
/// binary, so the expected totals are exact.
/// </summary>
public class ClusterFragmentationTests
{
    private static readonly PodSpec[] TracePods =
    [
        new("share-1", 1_000, 1_024, 1, 500, string.Empty),
        new("share-2", 1_000, 1_024, 1, 500, string.Empty),
        new("share-3", 1_000, 1_024, 1, 500, string.Empty),
        new("cpu-1", 2_000, 1_024, 0, 0, string.Empty),
    ];

    private static (ClusterState Cluster, ClusterFragmentation Fragmentation) Create()
    {
        // node-a has 2 free GPUs and enough CPU for both shapes. The share shape fits, so its
        // 0.75 x 2000 is satisfied. The CPU-only shape turns 0.25 x 2000 = 500 into fragment.
        // node-b has 1 free GPU but only half a core, so both shapes lack CPU:
        // 0.75 x 1000 + 0.25 x 1000 = 1000 fragmented.
        var cluster = new ClusterState(
        [
            new NodeSpec("node-a", 8_000, 65_536, 2, "T4"),
            new NodeSpec("node-b", 500, 65_536, 1, "T4"),
            new NodeSpec("cpu-node", 8_000, 65_536, 0, string.Empty),
        ]);
        var measure = new FragmentationMeasure(TargetWorkload.FromPods(TracePods));
        return (cluster, new ClusterFragmentation(cluster, measure));
    }

    [Fact]
    public void Constructor_SumsAllNodes()
    {
        var (_, fragmentation) = Create();

        Assert.Equal(1_500.0, fragmentation.Amount);
        Assert.Equal(3_000.0, fragmentation.Idle);
    }

    [Fact]
    public void Node_ReturnsItsBuckets()
    {
        var (_, fragmentation) = Create();

        var nodeA = fragmentation.Node(0);
        var nodeB = fragmentation.Node(1);

        Assert.Equal(1_500.0, nodeA.Satisfied);
        Assert.Equal(500.0, nodeA.CpuOnlySatisfied);
        Assert.Equal(750.0, nodeB.LackCpu);
        Assert.Equal(250.0, nodeB.CpuOnlyLackCpu);
        Assert.Equal(0.0, fragmentation.Node(2).Idle);
    }

    [Fact]
    public void Refresh_UpdatesChangedNode()
    {
        // A 700-milli pod on GPU 0 of node-a leaves [300, 1000], 1300 idle. The share shape
        // still fits GPU 1, but GPU 0 is too small: 0.75 x 300 = 225 lacks GPU. The CPU-only
        // shape adds 0.25 x 1300 = 325. node-a now has 550 fragmented.
        var (cluster, fragmentation) = Create();
        var pod = new PodSpec("new", 1_000, 1_024, 1, 700, string.Empty);
        cluster.Assign(pod, new Placement(0, [0]));

        fragmentation.Refresh(0);

        Assert.Equal(1_550.0, fragmentation.Amount);
        Assert.Equal(2_300.0, fragmentation.Idle);
        Assert.Equal(225.0, fragmentation.Node(0).LackGpu);
    }
}
