using ClusterSim.Core;

namespace ClusterSim.Policies.Tests;

public class ClusterStateTests
{
    private static ClusterState TwoNodes() =>
        new([new NodeSpec("a", 8000, 1024, 4, "T4"), new NodeSpec("b", 2000, 1024, 0, "")]);

    [Fact]
    public void Totals_SumNodeSpecs()
    {
        var cluster = TwoNodes();

        Assert.Equal(4, cluster.TotalGpus);
        Assert.Equal(4000, cluster.TotalGpuMilli);
        Assert.Equal(10_000, cluster.TotalCpuMilli);
        Assert.Equal(0, cluster.AllocatedGpuMilli);
    }

    [Fact]
    public void Assign_AddsPodGpuMilli()
    {
        var cluster = TwoNodes();

        cluster.Assign(new PodSpec("w", 0, 0, 2, 1000, ""), new Placement(0, [0, 1]));
        cluster.Assign(new PodSpec("s", 0, 0, 1, 300, ""), new Placement(0, [2]));
        cluster.Assign(new PodSpec("c", 1000, 0, 0, 0, ""), new Placement(1, []));

        Assert.Equal(2300, cluster.AllocatedGpuMilli);
        Assert.Equal(1700, cluster.Nodes[0].GpuLeftTotal);
        Assert.Equal(1000, cluster.Nodes[1].CpuLeft);
    }

    [Fact]
    public void Release_SubtractsPodGpuMilli()
    {
        var cluster = TwoNodes();
        var whole = new PodSpec("w", 0, 0, 2, 1000, "");
        var share = new PodSpec("s", 0, 0, 1, 300, "");
        cluster.Assign(whole, new Placement(0, [0, 1]));
        cluster.Assign(share, new Placement(0, [2]));

        cluster.Release(whole, new Placement(0, [0, 1]));

        Assert.Equal(300, cluster.AllocatedGpuMilli);
        Assert.Equal(3700, cluster.Nodes[0].GpuLeftTotal);
    }
}
