using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Simulation.Tests;

public class RandomStreamsTests
{
    private static int[] Draw(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.Next()).ToArray();

    [Fact]
    public void Create_SameSeedAndNameRepeat()
    {
        var first = Draw(new RandomStreams(42).Create("workload"), 50);
        var second = Draw(new RandomStreams(42).Create("workload"), 50);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Create_DifferentNamesDiffer()
    {
        var streams = new RandomStreams(42);

        var workload = Draw(streams.Create("workload"), 50);
        var placement = Draw(streams.Create("placement"), 50);

        Assert.NotEqual(workload, placement);
    }

    [Fact]
    public void Create_DifferentSeedsDiffer()
    {
        var seed42 = Draw(new RandomStreams(42).Create("workload"), 50);
        var seed43 = Draw(new RandomStreams(43).Create("workload"), 50);

        Assert.NotEqual(seed42, seed43);
    }

    [Fact]
    public void Create_StreamsDoNotShareState()
    {
        var streams = new RandomStreams(7);
        var expected = Draw(streams.Create("placement"), 20);

        var other = streams.Create("workload");
        var placement = streams.Create("placement");
        Draw(other, 1000);

        Assert.Equal(expected, Draw(placement, 20));
    }

    [Fact]
    public void Seed_IsTheConstructorSeed()
    {
        Assert.Equal(-5, new RandomStreams(-5).Seed);
    }

    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void DeriveSeed_SeedZeroIsFnv1aHash(string name, uint fnv1a)
    {
        // With seed 0 nothing is mixed in, so the value is the 32-bit FNV-1a hash of the name
        // (the published FNV test vectors), which does not depend on the process.
        Assert.Equal(unchecked((int)fnv1a), RandomStreams.DeriveSeed(0, name));
    }

    [Fact]
    public void DeriveSeed_RepeatsForSameInput()
    {
        Assert.Equal(RandomStreams.DeriveSeed(42, "workload"), RandomStreams.DeriveSeed(42, "workload"));
    }

    [Fact]
    public void DeriveSeed_DependsOnSeed()
    {
        Assert.NotEqual(RandomStreams.DeriveSeed(0, "workload"), RandomStreams.DeriveSeed(1, "workload"));
    }

    [Fact]
    public void DeriveSeed_DependsOnName()
    {
        Assert.NotEqual(RandomStreams.DeriveSeed(42, "workload"), RandomStreams.DeriveSeed(42, "placement"));
    }
}
