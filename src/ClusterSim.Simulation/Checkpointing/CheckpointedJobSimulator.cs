using MathNet.Numerics.Distributions;

namespace ClusterSim.Simulation.Checkpointing;

/// <summary>
/// Monte Carlo replications of one job that computes in segments of τ and writes a checkpoint
/// after each; the last segment is the remainder of the work. An interruption loses the segment in
/// progress, and the job restarts from the last checkpoint at cost R. Interruptions can also
/// strike during checkpoints and restarts.
/// </summary>
/// <remarks>
/// The interruptions of the job come from <see cref="IInterruptionModel"/>: the earliest failure
/// of any of its nodes. With exponential node failures this is the setting of Daly's formula,
/// which <see cref="CheckpointModel.ExpectedWallTime"/> gives.
/// </remarks>
public static class CheckpointedJobSimulator
{
    /// <summary>Simulates one run and returns its wall time and the number of interruptions.</summary>
    public static (TimeSpan WallTime, int Interruptions) Run(TimeSpan work, TimeSpan interval, TimeSpan checkpointCost, TimeSpan restartCost,
        IInterruptionModel interruptions, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval.Ticks);
        var remaining = work.TotalSeconds;
        var tau = interval.TotalSeconds;
        var checkpoint = checkpointCost.TotalSeconds;
        var restart = restartCost.TotalSeconds;
        double wall = 0;
        var count = 0;

        // Memoryless interruptions let each attempt draw afresh; a Weibull model keeps its own age.
        var next = interruptions.NextInterruption(random);
        while (remaining > 0)
        {
            var segment = Math.Min(tau, remaining) + checkpoint;
            while (next < segment)
            {
                // Interrupted: the segment's work is lost, and the restart must itself finish.
                wall += next;
                count++;
                next = interruptions.NextInterruption(random);
                while (next < restart)
                {
                    wall += next;
                    count++;
                    next = interruptions.NextInterruption(random);
                }

                wall += restart;
                next -= restart;
            }

            wall += segment;
            next -= segment;
            remaining -= Math.Min(tau, remaining);
        }

        return (TimeSpan.FromSeconds(wall), count);
    }

    /// <summary>Runs <paramref name="replications"/> independent runs and returns the mean wall time and its standard error.</summary>
    public static (TimeSpan Mean, TimeSpan StandardError) Replicate(int replications, TimeSpan work, TimeSpan interval, TimeSpan checkpointCost,
        TimeSpan restartCost, IInterruptionModel interruptions, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replications, 2);
        var statistics = new MathNet.Numerics.Statistics.RunningStatistics();
        for (var i = 0; i < replications; i++)
        {
            statistics.Push(Run(work, interval, checkpointCost, restartCost, interruptions, random).WallTime.TotalSeconds);
        }

        return (TimeSpan.FromSeconds(statistics.Mean), TimeSpan.FromSeconds(statistics.StandardDeviation / Math.Sqrt(replications)));
    }
}

/// <summary>Where a job's interruptions come from.</summary>
public interface IInterruptionModel
{
    /// <summary>Returns the time in seconds from now to the job's next interruption.</summary>
    double NextInterruption(Random random);
}

/// <summary>
/// A job on <paramref name="Nodes"/> nodes, each failing independently with exponential times
/// between failures of mean <paramref name="NodeMtbf"/>; the job is interrupted by the first of them.
/// </summary>
public sealed record NodeFailures(TimeSpan NodeMtbf, int Nodes) : IInterruptionModel
{
    public double NextInterruption(Random random)
    {
        var rate = 1 / NodeMtbf.TotalSeconds;
        var first = double.MaxValue;
        for (var node = 0; node < Nodes; node++)
        {
            first = Math.Min(first, Exponential.Sample(random, rate));
        }

        return first;
    }
}
