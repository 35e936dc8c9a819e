using MathNet.Numerics;

namespace ClusterSim.Simulation.Checkpointing;

/// <summary>
/// Checkpoint-interval theory for a job whose interruptions arrive as a Poisson process: the
/// classic intervals and the expected wall time of a job that checkpoints every τ of compute.
/// </summary>
/// <remarks>
/// Notation as in Daly, "A higher order estimate of the optimum checkpoint interval for restart
/// dumps", Future Generation Computer Systems 22(3), 2006: C is the checkpoint write cost, R the
/// restart cost, M the job's mean time between interruptions and Ts the failure-free compute
/// time. Young's interval is from Young, "A first order approximation to the optimum checkpoint
/// interval", Communications of the ACM 17(9), 1974.
/// </remarks>
/// <param name="CheckpointCost">C, the time to write one checkpoint.</param>
/// <param name="RestartCost">R, the time to restart from a checkpoint after an interruption.</param>
/// <param name="JobMtbf">M, the job's mean time between interruptions: a node's MTBF divided by the job's node count.</param>
public sealed record CheckpointModel(TimeSpan CheckpointCost, TimeSpan RestartCost, TimeSpan JobMtbf)
{
    /// <summary>Builds the model of a job spread over <paramref name="nodes"/> nodes that each fail independently.</summary>
    public static CheckpointModel ForNodes(TimeSpan checkpointCost, TimeSpan restartCost, TimeSpan nodeMtbf, int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        return new CheckpointModel(checkpointCost, restartCost, nodeMtbf / nodes);
    }

    private double C => CheckpointCost.TotalSeconds;

    private double R => RestartCost.TotalSeconds;

    private double M => JobMtbf.TotalSeconds;

    /// <summary>Young's first-order interval √(2CM).</summary>
    public TimeSpan Young => TimeSpan.FromSeconds(Math.Sqrt(2 * C * M));

    /// <summary>Daly's first-order interval with restart cost, √(2C(M+R)).</summary>
    public TimeSpan DalyFirstOrder => TimeSpan.FromSeconds(Math.Sqrt(2 * C * (M + R)));

    /// <summary>
    /// Daly's higher-order interval: √(2CM)·[1 + ⅓·√(C/2M) + (C/2M)/9] − C when C &lt; 2M, and M otherwise.
    /// </summary>
    public TimeSpan DalyHigherOrder
    {
        get
        {
            if (C >= 2 * M)
            {
                return JobMtbf;
            }

            var ratio = C / (2 * M);
            return TimeSpan.FromSeconds((Math.Sqrt(2 * C * M) * (1 + (Math.Sqrt(ratio) / 3) + (ratio / 9))) - C);
        }
    }

    /// <summary>
    /// The interval that minimises <see cref="ExpectedWallTime"/>, found numerically by golden-section search.
    /// </summary>
    public TimeSpan Optimum => TimeSpan.FromSeconds(FindMinimum.OfScalarFunctionConstrained(
        tau => ExpectedWallSeconds(tau, 3600), 1e-3, 20 * M, 1e-6, 10_000));

    /// <summary>
    /// Daly's expected wall time M·e^(R/M)·(e^((τ+C)/M) − 1)·Ts/τ of a job of
    /// <paramref name="work"/> compute that checkpoints every <paramref name="interval"/>.
    /// </summary>
    /// <remarks>Returns <see cref="TimeSpan.MaxValue"/> when the expectation exceeds what a TimeSpan holds.</remarks>
    public TimeSpan ExpectedWallTime(TimeSpan interval, TimeSpan work)
    {
        var seconds = ExpectedWallSeconds(interval.TotalSeconds, work.TotalSeconds);
        return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Expected wall time divided by the failure-free compute time.</summary>
    public double Slowdown(TimeSpan interval) => ExpectedWallSeconds(interval.TotalSeconds, 1);

    private double ExpectedWallSeconds(double tau, double work)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tau);
        return M * Math.Exp(R / M) * double.ExpM1((tau + C) / M) * work / tau;
    }
}
