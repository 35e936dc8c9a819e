using ClusterSim.Core;

namespace ClusterSim.Policies.Tests;

public class PlacementPolicyFactoryTests
{
    private static TargetWorkload Target() => TargetWorkload.FromPods([new PodSpec("p", 1000, 0, 1, 500, "")]);

    [Theory]
    [InlineData("random", typeof(RandomPolicy))]
    [InlineData("dotprod", typeof(DotProductPolicy))]
    [InlineData("gpuclustering", typeof(GpuClusteringPolicy))]
    [InlineData("gpupacking", typeof(GpuPackingPolicy))]
    [InlineData("bestfit", typeof(BestFitPolicy))]
    [InlineData("fgd", typeof(FgdPolicy))]
    public void Create_ReturnsNamedPolicy(string name, Type expected)
    {
        var policy = PlacementPolicyFactory.Create(name, new Random(1), Target());

        Assert.IsType(expected, policy);
        Assert.Equal(name, policy.Name);
    }

    [Fact]
    public void Create_IgnoresCase()
    {
        Assert.IsType<BestFitPolicy>(PlacementPolicyFactory.Create("BestFit", new Random(1), Target()));
    }

    [Fact]
    public void Create_UnknownNameListsValidNames()
    {
        var error = Assert.Throws<ArgumentException>(() => PlacementPolicyFactory.Create("tetris", new Random(1), Target()));

        Assert.Contains("'tetris'", error.Message, StringComparison.Ordinal);
        Assert.Contains("random, dotprod, gpuclustering, gpupacking, bestfit, fgd", error.Message, StringComparison.Ordinal);
    }
}
