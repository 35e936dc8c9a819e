namespace ClusterSim.Policies.Tests;

public class FragmentBucketsTests
{
    private static FragmentBuckets Sample() => new()
    {
        LackBoth = 1,
        LackGpu = 2,
        Satisfied = 4,
        LackCpu = 8,
        CpuOnlySatisfied = 16,
        CpuOnlyLackCpu = 32,
        NoAccess = 64,
    };

    [Fact]
    public void Amount_SumsAllButSatisfied()
    {
        Assert.Equal(123, Sample().Amount);
        Assert.Equal(127, Sample().Idle);
    }

    [Fact]
    public void Add_SumsEachBucket()
    {
        var total = Sample();

        total.Add(Sample());

        Assert.Equal(2, total.LackBoth);
        Assert.Equal(4, total.LackGpu);
        Assert.Equal(8, total.Satisfied);
        Assert.Equal(16, total.LackCpu);
        Assert.Equal(32, total.CpuOnlySatisfied);
        Assert.Equal(64, total.CpuOnlyLackCpu);
        Assert.Equal(128, total.NoAccess);
    }

    [Fact]
    public void Subtract_UndoesAdd()
    {
        var total = Sample();
        total.Add(Sample());

        total.Subtract(Sample());

        Assert.Equal(Sample(), total);
    }
}
