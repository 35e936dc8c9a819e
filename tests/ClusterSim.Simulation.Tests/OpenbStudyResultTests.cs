using ClusterSim.Core;
using ClusterSim.Reporting.Openb;
using ClusterSim.Simulation.Openb;

namespace ClusterSim.Simulation.Tests;

/// <summary>
/// A one-GPU cluster, so 10 milli is one percent. Each run ends with a single event at 100 %
/// arrived: fgd seed 1 has 800 milli allocated and 100 fragmented, fgd seed 2 has 600 and 0,
/// and bestfit seed 1 has 500 and 50.
/// </summary>
public class OpenbStudyResultTests
{
    private static readonly ClusterAllocation NoAllocation = new(0, 0, 0, 0);

    private static OpenbRunResult Run(string policy, int seed, long allocated, double fragmented, int failed) =>
        new(policy, seed, 1, [new EventSample(1_000, allocated, fragmented, 1_000 - allocated)],
            Enumerable.Range(0, failed).Select(i => new FailedPod(new PodSpec($"pod-{i}", 1_000, 1_024, 1, 1_000, string.Empty), "no fit")).ToList(),
            NoAllocation);

    private static OpenbStudyResult Study() =>
        new(["fgd", "bestfit"], [Run("fgd", 1, 800, 100, failed: 1), Run("fgd", 2, 600, 0, failed: 0), Run("bestfit", 1, 500, 50, failed: 3)], maxPercent: 100);

    [Fact]
    public void Constructor_DiscretisesEachRun()
    {
        var study = Study();

        Assert.Equal(3, study.Curves.Count);
        Assert.Equal([99, 100], study.Curves[0].Select(p => p.ArrivedPercent));
    }

    [Fact]
    public void MeanAllocationCurve_AveragesSeeds()
    {
        var curve = Study().MeanAllocationCurve("fgd");

        Assert.Equal([(99, 70.0), (100, 70.0)], curve);
    }

    [Fact]
    public void Summaries_FollowPolicyOrder()
    {
        Assert.Equal(["fgd", "bestfit"], Study().Summaries.Select(s => s.Policy));
    }

    [Fact]
    public void Summaries_AllocatedOverSeeds()
    {
        // 80 % and 60 %: mean 70, sample standard deviation sqrt(200).
        var fgd = Study().Summaries[0];

        Assert.Equal(2, fgd.Seeds);
        Assert.Equal(70.0, fgd.AllocatedAt100.Mean, 1e-12);
        Assert.Equal(Math.Sqrt(200), fgd.AllocatedAt100.StandardDeviation, 1e-12);
        Assert.Equal(70.0, fgd.AllocatedAtEnd.Mean, 1e-12);
    }

    [Fact]
    public void Summaries_FragmentedOverSeeds()
    {
        // 100 of 1000 milli is 10 %, 0 is 0 %: mean 5.
        var fgd = Study().Summaries[0];

        Assert.Equal(5.0, fgd.FragmentedAt100.Mean, 1e-12);
        Assert.Equal(5.0, fgd.FragmentedAtEnd.Mean, 1e-12);
    }

    [Fact]
    public void Summaries_FailedAndUnallocated()
    {
        // The seeds have 1 and 0 failed pods, and 0.2 and 0.4 GPUs unallocated.
        var fgd = Study().Summaries[0];

        Assert.Equal(0.5, fgd.FailedPods.Mean, 1e-12);
        Assert.Equal(0.3, fgd.UnallocatedGpusAtEnd.Mean, 1e-12);
    }

    [Fact]
    public void Summaries_SingleSeedHasNoDeviation()
    {
        var bestFit = Study().Summaries[1];

        // A sample standard deviation of one value is undefined, not zero.
        Assert.Equal(50.0, bestFit.AllocatedAt100.Mean, 1e-12);
        Assert.True(double.IsNaN(bestFit.AllocatedAt100.StandardDeviation));
        Assert.Equal(3.0, bestFit.FailedPods.Mean);
    }
}
