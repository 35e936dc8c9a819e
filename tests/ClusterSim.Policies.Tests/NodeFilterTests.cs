using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

public class NodeFilterTests
{
    [Fact]
    public void Check_SharePodFitsPartlyUsedDevice()
    {
        var node = NodeWithGpuLeft(8000, "T4", 200, 600);

        Assert.Equal(FilterOutcome.Fits, NodeFilter.Check(node, SharePod(1000, 600)));
    }

    [Fact]
    public void Check_CpuShortIsInsufficientCpu()
    {
        var node = NodeWithGpuLeft(4000, "T4", 1000);

        Assert.Equal(FilterOutcome.InsufficientCpu, NodeFilter.Check(node, SharePod(4001, 500)));
    }

    [Fact]
    public void Check_CpuRunsBeforeMemory()
    {
        var node = Cluster(Node("n", 4000, 1, memoryMib: 1024)).Nodes[0];
        var pod = new PodSpec("p", 5000, 2048, 0, 0, "");

        Assert.Equal(FilterOutcome.InsufficientCpu, NodeFilter.Check(node, pod));
    }

    [Fact]
    public void Check_MemoryShortIsInsufficientMemory()
    {
        var node = Cluster(Node("n", 4000, 1, memoryMib: 1024)).Nodes[0];

        Assert.Equal(FilterOutcome.InsufficientMemory, NodeFilter.Check(node, CpuPod(1000, memoryMib: 1025)));
    }

    [Fact]
    public void Check_FullNodeIsTooManyPods()
    {
        var cluster = new ClusterState([Node("n", 4000, 1)], maxPodsPerNode: 1);
        cluster.Assign(CpuPod(1000), new Placement(0, []));

        Assert.Equal(FilterOutcome.TooManyPods, NodeFilter.Check(cluster.Nodes[0], CpuPod(1000)));
    }

    [Fact]
    public void Check_CpuNodeIsNoGpu()
    {
        var node = Cluster(Node("n", 4000, 0, gpuModel: "")).Nodes[0];

        Assert.Equal(FilterOutcome.NoGpu, NodeFilter.Check(node, SharePod(1000, 500)));
    }

    [Fact]
    public void Check_OtherModelIsModelMismatch()
    {
        var node = NodeWithGpuLeft(4000, "T4", 1000);

        Assert.Equal(FilterOutcome.GpuModelMismatch, NodeFilter.Check(node, SharePod(1000, 500, "V100")));
    }

    [Fact]
    public void Check_NoDeviceWithRoomIsInsufficientGpu()
    {
        var node = NodeWithGpuLeft(4000, "T4", 400, 300);

        Assert.Equal(FilterOutcome.InsufficientGpu, NodeFilter.Check(node, SharePod(1000, 500)));
    }

    [Fact]
    public void Check_TooFewFreeGpusIsInsufficientGpu()
    {
        var node = NodeWithGpuLeft(4000, "T4", 1000, 999, 0);

        Assert.Equal(FilterOutcome.InsufficientGpu, NodeFilter.Check(node, WholeGpuPod(1000, 2)));
    }

    [Fact]
    public void Check_EnoughFreeGpusFits()
    {
        var node = NodeWithGpuLeft(4000, "T4", 1000, 999, 1000);

        Assert.Equal(FilterOutcome.Fits, NodeFilter.Check(node, WholeGpuPod(1000, 2)));
    }

    [Fact]
    public void Check_CpuPodFitsOnBusyGpuNode()
    {
        var node = NodeWithGpuLeft(4000, "T4", 0, 0);

        Assert.Equal(FilterOutcome.Fits, NodeFilter.Check(node, CpuPod(1000)));
    }

    [Fact]
    public void Check_CpuPodIgnoresModelConstraint()
    {
        // The model constraint applies only to pods that request GPU milli.
        var node = NodeWithGpuLeft(4000, "T4", 1000);
        var pod = new PodSpec("p", 1000, 0, 0, 0, "V100");

        Assert.Equal(FilterOutcome.Fits, NodeFilter.Check(node, pod));
    }

    [Fact]
    public void Check_ZeroMilliPodFitsCpuNode()
    {
        // A pod with a GPU count but no GPU milli needs no GPU.
        var node = Cluster(Node("n", 4000, 0, gpuModel: "")).Nodes[0];
        var pod = new PodSpec("p", 1000, 0, 1, 0, "V100");

        Assert.Equal(FilterOutcome.Fits, NodeFilter.Check(node, pod));
    }

    [Fact]
    public void Check_EmptyPartsNeedNodeModel()
    {
        // A non-empty constraint rejects a node without a model label, even when the
        // constraint has only empty parts.
        var node = NodeWithGpuLeft(4000, "", 1000);

        Assert.Equal(FilterOutcome.GpuModelMismatch, NodeFilter.Check(node, SharePod(1000, 500, "|")));
    }

    [Fact]
    public void GpuFits_CountsDistinctDevices()
    {
        Assert.True(NodeFilter.GpuFits([500, 200, 600], 500, 2));
        Assert.False(NodeFilter.GpuFits([500, 200, 400], 500, 2));
    }

    [Fact]
    public void GpuFits_WholeGpusNeedFullyFreeDevices()
    {
        Assert.True(NodeFilter.GpuFits([1000, 0, 1000], 1000, 2));
        Assert.False(NodeFilter.GpuFits([1000, 999, 999], 1000, 2));
    }
}
