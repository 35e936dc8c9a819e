namespace ClusterSim.Policies.Tests;

public class PolicyNamesTests
{
    [Fact]
    public void Normalize_IgnoresCase()
    {
        Assert.Equal("fgd", PolicyNames.Normalize("FGD"));
        Assert.Equal("gpupacking", PolicyNames.Normalize("GpuPacking"));
    }

    [Fact]
    public void Normalize_TrimsWhitespace()
    {
        Assert.Equal("dotprod", PolicyNames.Normalize(" dotprod "));
    }

    [Fact]
    public void Normalize_UnknownIsNull()
    {
        Assert.Null(PolicyNames.Normalize("tetris"));
    }
}
