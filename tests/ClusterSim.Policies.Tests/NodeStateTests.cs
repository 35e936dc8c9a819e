using ClusterSim.Core;

namespace ClusterSim.Policies.Tests;

public class NodeStateTests
{
    private static NodeState NewNode(int maxPods = 1001) =>
        new(0, new NodeSpec("n", 16_000, 32_768, 4, "T4"), maxPods);

    [Fact]
    public void NewNode_HasEverythingFree()
    {
        var node = NewNode();

        Assert.Equal(16_000, node.CpuLeft);
        Assert.Equal(32_768, node.MemoryLeft);
        Assert.Equal([1000, 1000, 1000, 1000], node.GpuLeft.ToArray());
        Assert.Equal(4000, node.GpuLeftTotal);
        Assert.Equal(4, node.FullyFreeGpus);
        Assert.Equal(0, node.Version);
        Assert.Equal(0, node.PodCount);
        Assert.False(node.InUse);
    }

    [Fact]
    public void Assign_SharePodBooksOneDevice()
    {
        var node = NewNode();

        node.Assign(new PodSpec("s", 2000, 1024, 1, 300, ""), [1]);

        Assert.Equal(14_000, node.CpuLeft);
        Assert.Equal(31_744, node.MemoryLeft);
        Assert.Equal([1000, 700, 1000, 1000], node.GpuLeft.ToArray());
        Assert.Equal(3700, node.GpuLeftTotal);
        Assert.Equal(3, node.FullyFreeGpus);
        Assert.Equal(1, node.Version);
        Assert.Equal(1, node.PodCount);
        Assert.Equal(1, node.GpuPodCount);
        Assert.Equal(1, node.AffinityCount(new GpuAffinityTag(0)));
        Assert.Equal(0, node.AffinityCount(new GpuAffinityTag(1)));
        Assert.True(node.InUse);
    }

    [Fact]
    public void Assign_SecondShareKeepsFreeCount()
    {
        var node = NewNode();
        node.Assign(new PodSpec("s1", 0, 0, 1, 300, ""), [1]);

        // Device 1 goes from 700 to 400 free, so the count of fully free devices stays 3.
        node.Assign(new PodSpec("s2", 0, 0, 1, 300, ""), [1]);

        Assert.Equal(400, node.GpuLeft[1]);
        Assert.Equal(3400, node.GpuLeftTotal);
        Assert.Equal(3, node.FullyFreeGpus);
        Assert.Equal(2, node.Version);
        Assert.Equal(2, node.AffinityCount(new GpuAffinityTag(0)));
    }

    [Fact]
    public void Assign_WholeGpuPodCountsItsKind()
    {
        var node = NewNode();

        node.Assign(new PodSpec("w", 0, 0, 2, 1000, ""), [0, 2]);

        Assert.Equal([0, 1000, 0, 1000], node.GpuLeft.ToArray());
        Assert.Equal(2000, node.GpuLeftTotal);
        Assert.Equal(2, node.FullyFreeGpus);
        Assert.Equal(1, node.AffinityCount(new GpuAffinityTag(2)));
        Assert.Equal(0, node.AffinityCount(new GpuAffinityTag(0)));
        Assert.Equal(1, node.GpuPodCount);
    }

    [Fact]
    public void Assign_CpuPodSkipsGpuBookkeeping()
    {
        var node = NewNode();

        node.Assign(new PodSpec("c", 4000, 0, 0, 0, ""), []);

        Assert.Equal(12_000, node.CpuLeft);
        Assert.Equal(4000, node.GpuLeftTotal);
        Assert.Equal(4, node.FullyFreeGpus);
        Assert.Equal(0, node.GpuPodCount);
        Assert.Equal(1, node.PodCount);
        Assert.Equal(1, node.Version);
        Assert.True(node.InUse);
    }

    [Fact]
    public void AffinityCount_TagBeyondGpuCountIsZero()
    {
        var node = NewNode();

        Assert.Equal(0, node.AffinityCount(new GpuAffinityTag(8)));
    }

    [Fact]
    public void Release_RestoresBookedResources()
    {
        var node = NewNode();
        var share = new PodSpec("s", 2000, 1024, 1, 300, "");
        var whole = new PodSpec("w", 1000, 512, 2, 1000, "");
        node.Assign(share, [1]);
        node.Assign(whole, [0, 2]);

        node.Release(whole, [0, 2]);
        node.Release(share, [1]);

        Assert.Equal(16_000, node.CpuLeft);
        Assert.Equal(32_768, node.MemoryLeft);
        Assert.Equal([1000, 1000, 1000, 1000], node.GpuLeft.ToArray());
        Assert.Equal(4000, node.GpuLeftTotal);
        Assert.Equal(4, node.FullyFreeGpus);
        Assert.Equal(0, node.AffinityCount(new GpuAffinityTag(0)));
        Assert.Equal(0, node.AffinityCount(new GpuAffinityTag(2)));
        Assert.Equal(0, node.GpuPodCount);
        Assert.Equal(0, node.PodCount);
        Assert.Equal(4, node.Version);
        Assert.False(node.InUse);
    }

    [Fact]
    public void Assign_TooMuchCpuThrows()
    {
        var node = NewNode();

        Assert.Throws<InvalidOperationException>(() => node.Assign(new PodSpec("c", 16_001, 0, 0, 0, ""), []));
    }

    [Fact]
    public void Assign_TooMuchMemoryThrows()
    {
        var node = NewNode();

        Assert.Throws<InvalidOperationException>(() => node.Assign(new PodSpec("c", 0, 32_769, 0, 0, ""), []));
    }

    [Fact]
    public void Assign_NoPodSlotThrows()
    {
        var node = NewNode(maxPods: 1);
        node.Assign(new PodSpec("c1", 0, 0, 0, 0, ""), []);

        Assert.Throws<InvalidOperationException>(() => node.Assign(new PodSpec("c2", 0, 0, 0, 0, ""), []));
    }

    [Fact]
    public void Assign_TooMuchGpuMilliThrows()
    {
        var node = NewNode();
        node.Assign(new PodSpec("s1", 0, 0, 1, 800, ""), [3]);

        Assert.Throws<InvalidOperationException>(() => node.Assign(new PodSpec("s2", 0, 0, 1, 300, ""), [3]));
    }

    [Fact]
    public void Assign_WrongDeviceCountThrows()
    {
        var node = NewNode();

        Assert.Throws<ArgumentException>(() => node.Assign(new PodSpec("w", 0, 0, 2, 1000, ""), [0]));
    }

    [Fact]
    public void Assign_RejectedPodKeepsVersion()
    {
        var node = NewNode();

        Assert.Throws<InvalidOperationException>(() => node.Assign(new PodSpec("c", 16_001, 0, 0, 0, ""), []));

        Assert.Equal(0, node.Version);
        Assert.Equal(16_000, node.CpuLeft);
    }
}
