using ClusterSim.Simulation.Checkpointing;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Simulation.Tests.Checkpointing;

/// <summary>
/// Checks against Daly (2006): with Ts = 500 h, R = 10 min and C = 5 min the optimum intervals
/// are about 117, 57 and 9.1 minutes for M = 24 h, 6 h and 15 min.
/// </summary>
public class CheckpointModelTests
{
    private static readonly TimeSpan Work = TimeSpan.FromHours(500);
    private static readonly TimeSpan Cost = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Restart = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(24 * 60, 117.0, 120.0)]
    [InlineData(6 * 60, 57.0, 60.0)]
    [InlineData(15, 9.1, 12.2)]
    public void DalyHigherOrder_MatchesPublishedOptimum(double mtbfMinutes, double dalyMinutes, double youngMinutes)
    {
        var model = new CheckpointModel(Cost, Restart, TimeSpan.FromMinutes(mtbfMinutes));

        Assert.Equal(dalyMinutes, model.DalyHigherOrder.TotalMinutes, 0.5);
        Assert.Equal(youngMinutes, model.Young.TotalMinutes, 0.05);
    }

    [Theory]
    [InlineData(24 * 60, 1.0958)]
    [InlineData(6 * 60, 1.2204)]
    [InlineData(15, 5.008)]
    public void Optimum_SlowdownMatchesFormula(double mtbfMinutes, double slowdown)
    {
        // T_w/T_s at the exact minimiser, worked out from Daly's formula.
        var model = new CheckpointModel(Cost, Restart, TimeSpan.FromMinutes(mtbfMinutes));

        Assert.Equal(slowdown, model.Slowdown(model.Optimum), 3);
    }

    [Fact]
    public void DalyFirstOrder_IsSqrtTwoCMPlusR()
    {
        var model = new CheckpointModel(Cost, Restart, TimeSpan.FromHours(6));

        // √(2 · 5 · (360 + 10)) = √3700 minutes.
        Assert.Equal(Math.Sqrt(3700), model.DalyFirstOrder.TotalMinutes, 6);
    }

    [Fact]
    public void ForNodes_DividesNodeMtbf()
    {
        var model = CheckpointModel.ForNodes(Cost, Restart, TimeSpan.FromHours(50_000), 16_384);

        Assert.Equal(50_000.0 / 16_384, model.JobMtbf.TotalHours, 9);
    }

    [Fact]
    public void Uninterrupted_TakesWorkPlusCheckpoints()
    {
        // Interruptions that never come: 500 h in segments of 2 h is 250 checkpoints of 5 min.
        var (wall, interruptions) = CheckpointedJobSimulator.Run(Work, TimeSpan.FromHours(2), Cost, Restart, new NeverInterrupted(), new Random(1));

        Assert.Equal(0, interruptions);
        Assert.Equal(Work + (250 * Cost), wall);
    }

    [Fact]
    public void Uninterrupted_LastSegmentIsRemainder()
    {
        // 5 h in segments of 2 h: 2 + 2 + 1 h of work and three checkpoints.
        var (wall, _) = CheckpointedJobSimulator.Run(TimeSpan.FromHours(5), TimeSpan.FromHours(2), Cost, Restart, new NeverInterrupted(), new Random(1));

        Assert.Equal(TimeSpan.FromHours(5) + (3 * Cost), wall);
    }

    [Theory]
    [InlineData(24 * 60, 400)]
    [InlineData(6 * 60, 400)]
    [InlineData(15, 200)]
    public void Simulation_MatchesDalyAtOptimum(double mtbfMinutes, int replications)
    {
        var model = new CheckpointModel(Cost, Restart, TimeSpan.FromMinutes(mtbfMinutes));
        var interval = model.DalyHigherOrder;
        var expected = model.ExpectedWallTime(interval, Work).TotalHours;

        var (mean, error) = CheckpointedJobSimulator.Replicate(replications, Work, interval, Cost, Restart,
            new NodeFailures(model.JobMtbf, 1), new RandomStreams((int)mtbfMinutes).Create("failures"));

        Assert.InRange(mean.TotalHours, expected - (1.96 * error.TotalHours), expected + (1.96 * error.TotalHours));
        Assert.InRange(mean.TotalHours / expected, 0.99, 1.01);
    }

    [Fact]
    public void Simulation_BestIntervalAgreesWithFormula()
    {
        // Sweep intervals around the optimum for M = 6 h; the simulated best must be the formula's best.
        var model = new CheckpointModel(Cost, Restart, TimeSpan.FromHours(6));
        var failures = new NodeFailures(model.JobMtbf, 1);
        double[] minutes = [20, 35, 57, 90, 140];
        var simulated = minutes
            .Select(m => CheckpointedJobSimulator.Replicate(300, Work, TimeSpan.FromMinutes(m), Cost, Restart, failures, new RandomStreams(7).Create($"sweep-{m}")).Mean)
            .ToList();
        var formula = minutes.Select(m => model.ExpectedWallTime(TimeSpan.FromMinutes(m), Work)).ToList();

        Assert.Equal(formula.IndexOf(formula.Min()), simulated.IndexOf(simulated.Min()));
        Assert.Equal(57, minutes[simulated.IndexOf(simulated.Min())]);
    }

    [Fact]
    public void JobMtbf_IsNodeMtbfOverN()
    {
        // The first of 16 exponential node failures with a mean of 800 h comes after 50 h on average.
        var failures = new NodeFailures(TimeSpan.FromHours(800), 16);
        var random = new RandomStreams(3).Create("mtbf");
        var samples = Enumerable.Range(0, 20_000).Select(_ => failures.NextInterruption(random) / 3600).ToArray();
        var mean = samples.Average();
        var error = MathNet.Numerics.Statistics.Statistics.StandardDeviation(samples) / Math.Sqrt(samples.Length);

        Assert.InRange(50.0, mean - (1.96 * error), mean + (1.96 * error));
    }

    private sealed class NeverInterrupted : IInterruptionModel
    {
        public double NextInterruption(Random random) => double.MaxValue;
    }
}
