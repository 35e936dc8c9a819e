using ClusterSim.Reporting.Openb;
using ClusterSim.Simulation.Openb;

namespace ClusterSim.Simulation.Tests;

/// <summary>
/// Per event, arrived percent = round(AM / TG / 10, 0) and allocated percent = round(UM / TG / 10, 2),
/// both by Python's exact rule. Column x averages the events whose arrived percent is x, or when
/// there are none the events within x ± 1, and is left out when that is empty too.
/// </summary>
public class OpenbDiscretiserTests
{
    private static readonly ClusterAllocation NoAllocation = new(0, 0, 0, 0);

    private static OpenbRunResult RunOf(long totalGpus, params EventSample[] samples) =>
        new("fgd", 42, totalGpus, samples, [], NoAllocation);

    private static EventSample Sample(long arrived, long allocated, double fragmented = 0, double idle = 0) =>
        new(arrived, allocated, fragmented, idle);

    /// <summary>
    /// With 10 GPUs one percent is 100 milli. Arrived percents of the events: 0, 1, 1, 2 (2.5
    /// rounds to even), 4, 6, 10. Allocated percents: 0, 1.0, 1.4, 2.0, 3.0, 5.0, 8.0.
    /// </summary>
    private static IReadOnlyList<DiscretePoint> DiscretiseGappedRun() =>
        OpenbDiscretiser.Discretise(
            RunOf(
                10,
                Sample(0, 0),
                Sample(100, 100),
                Sample(140, 140),
                Sample(250, 200),
                Sample(400, 300),
                Sample(600, 500),
                Sample(1_000, 800)),
            maxPercent: 10);

    [Fact]
    public void Discretise_SkipsColumnsWithoutNeighbours()
    {
        // Column 8 has no event at 7, 8 or 9.
        var points = DiscretiseGappedRun();

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 9, 10], points.Select(p => p.ArrivedPercent));
    }

    [Fact]
    public void Discretise_AveragesEventsOfColumn()
    {
        // Column 1 contains the events with 1.0 % and 1.4 % allocated.
        var point = DiscretiseGappedRun().Single(p => p.ArrivedPercent == 1);

        Assert.Equal(1.2, point.AllocatedPercent);
    }

    [Fact]
    public void Discretise_RoundsArrivedHalfToEven()
    {
        // 250 milli is 2.5 %, which rounds to column 2 alone.
        var point = DiscretiseGappedRun().Single(p => p.ArrivedPercent == 2);

        Assert.Equal(2.0, point.AllocatedPercent);
    }

    [Fact]
    public void Discretise_FallsBackToNeighbours()
    {
        // Column 3 is empty, so it averages columns 2 (2.0) and 4 (3.0). Column 5 averages
        // columns 4 (3.0) and 6 (5.0). Column 7 has only column 6 (5.0) next to it.
        var points = DiscretiseGappedRun().ToDictionary(p => p.ArrivedPercent, p => p.AllocatedPercent);

        Assert.Equal(2.5, points[3]);
        Assert.Equal(4.0, points[5]);
        Assert.Equal(5.0, points[7]);
        Assert.Equal(8.0, points[9]);
    }

    [Fact]
    public void Discretise_AllocatedExactRulePerEvent()
    {
        // 214 milli over 8 GPUs is 2.675 %: 2.67 by the exact rule, 2.68 by numpy's.
        var points = OpenbDiscretiser.Discretise(RunOf(8, Sample(800, 214)), maxPercent: 10);

        Assert.Equal(2.67, points.Single(p => p.ArrivedPercent == 10).AllocatedPercent);
    }

    [Fact]
    public void Discretise_AllocatedMeanNumpyRule()
    {
        // Both events are in column 5 (5.0 % and 5.4 % arrived). The mean of 2.00 and 3.35 is the
        // double 2.675, which numpy's rule rounds to 2.68. The exact rule would give 2.67.
        var points = OpenbDiscretiser.Discretise(RunOf(10, Sample(500, 200), Sample(540, 335)), maxPercent: 5);

        Assert.Equal(2.68, points.Single(p => p.ArrivedPercent == 5).AllocatedPercent);
    }

    [Fact]
    public void Discretise_FragmentedIsPercentOfCapacity()
    {
        // 4 GPUs = 4000 milli. Fragment 1000 and 3000 milli average to 2000, which is 50 %.
        var points = OpenbDiscretiser.Discretise(
            RunOf(4, Sample(2_000, 0, 1_000, 4_000), Sample(2_000, 0, 3_000, 4_000)),
            maxPercent: 50);

        Assert.Equal(50.0, points.Single(p => p.ArrivedPercent == 50).FragmentedPercent);
    }

    [Fact]
    public void Discretise_FragmentedRoundedPerEventFirst()
    {
        // One GPU. 22.4549 milli rounds to 22.45 first, and 100 * 22.45 / 1000 / 1 = 2.245, which
        // numpy's rule rounds to even: 2.24. Without the per-event rounding the result would be 2.25.
        var points = OpenbDiscretiser.Discretise(RunOf(1, Sample(1_000, 0, 22.4549, 100)), maxPercent: 100);

        Assert.Equal(2.24, points.Single(p => p.ArrivedPercent == 100).FragmentedPercent);
    }

    [Fact]
    public void Discretise_RatioMeanOfRoundedRatios()
    {
        // The per-event ratios 12.5 % and 33.333... % round to 12.5 and 33.33. Their mean,
        // 22.915, is kept unrounded.
        var points = OpenbDiscretiser.Discretise(
            RunOf(10, Sample(500, 0, 12.5, 100), Sample(540, 0, 100, 300)),
            maxPercent: 5);

        Assert.Equal(22.915, points.Single(p => p.ArrivedPercent == 5).FragmentationRatioPercent);
    }

    [Fact]
    public void Discretise_RatioZeroWithoutIdle()
    {
        var points = OpenbDiscretiser.Discretise(RunOf(10, Sample(500, 1_000, 0, 0)), maxPercent: 5);

        Assert.Equal(0.0, points.Single(p => p.ArrivedPercent == 5).FragmentationRatioPercent);
    }

    [Fact]
    public void Discretise_Column130TakesBothTies()
    {
        // 129.5 % and 130.5 % both round to the even 130, so column 130 averages 90 % and 95 %.
        // Column 131 is past the last column.
        var points = OpenbDiscretiser.Discretise(RunOf(10, Sample(12_950, 9_000), Sample(13_050, 9_500)));

        Assert.Equal(92.5, points.Single(p => p.ArrivedPercent == 130).AllocatedPercent);
        Assert.Equal(130, points[^1].ArrivedPercent);
    }

    [Fact]
    public void Discretise_ExtendsToLargestArrived()
    {
        // Events beyond maxPercent still get their columns: 15 % here, with 14 as its neighbour.
        var points = OpenbDiscretiser.Discretise(RunOf(10, Sample(1_500, 700)), maxPercent: 10);

        Assert.Equal([14, 15], points.Select(p => p.ArrivedPercent));
    }

    [Fact]
    public void Discretise_EmptyRunHasNoPoints()
    {
        Assert.Empty(OpenbDiscretiser.Discretise(RunOf(10)));
    }
}
