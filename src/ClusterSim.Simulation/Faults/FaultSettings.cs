namespace ClusterSim.Simulation.Faults;

/// <summary>Distributions of times between node failures.</summary>
public enum FailureDistribution
{
    Exponential,

    /// <summary>Weibull with the given shape; below 1 failures cluster early (infant mortality).</summary>
    Weibull,
}

/// <summary>Node failures: each node fails independently and is repaired after a fixed time.</summary>
/// <param name="MtbfPerNode">Mean time between failures of a node; zero means it comes from <paramref name="MtbfPerGpu"/>.</param>
/// <param name="MtbfPerGpu">Mean time between failures of one GPU; a node of g GPUs fails g times as often.</param>
/// <param name="Distribution">Distribution of the times between failures.</param>
/// <param name="WeibullShape">Shape of the Weibull distribution.</param>
/// <param name="RepairTime">Time a failed node stays down.</param>
public sealed record NodeFailureModel(TimeSpan MtbfPerNode, TimeSpan MtbfPerGpu, FailureDistribution Distribution, double WeibullShape, TimeSpan RepairTime)
{
    /// <summary>Causes of failures with their shares and repair times; empty for a single unnamed cause.</summary>
    public IReadOnlyList<FailureCause> Causes { get; init; } = [];

    /// <summary>Returns the MTBF of a node with <paramref name="gpus"/> GPUs, or null when it never fails.</summary>
    public TimeSpan? NodeMtbf(int gpus)
    {
        if (MtbfPerNode > TimeSpan.Zero)
        {
            return MtbfPerNode;
        }

        if (gpus > 0 && MtbfPerGpu > TimeSpan.Zero)
        {
            return MtbfPerGpu / gpus;
        }

        return null;
    }
}

/// <summary>One cause of node failures: its share of all failures and the time a node it strikes stays down.</summary>
public sealed record FailureCause(string Name, double Share, TimeSpan RepairTime);

/// <summary>Straggler episodes: a node runs slower by a factor for a while, as Poisson arrivals per node.</summary>
public sealed record StragglerModel(double RatePerNodePerDay, TimeSpan MedianDuration, double DurationSigma, double SlowdownMin, double SlowdownMax);

/// <summary>A planned maintenance window for the nodes whose names start with <paramref name="NodePrefix"/>, optionally repeating.</summary>
public sealed record MaintenanceWindow(string NodePrefix, TimeSpan Start, TimeSpan Duration, TimeSpan? Every);

/// <summary>What to do with a job one of whose workers runs slow.</summary>
public enum StragglerPolicy
{
    /// <summary>Run on at the pace of the slowest worker.</summary>
    Tolerate,

    /// <summary>
    /// Evict the job when a worker has been slower than the threshold, relative to the median of
    /// the job's workers, for the grace period; the slow node takes no pods until it recovers.
    /// </summary>
    Evict,
}

/// <summary>Straggler mitigation settings.</summary>
public sealed record StragglerMitigation(StragglerPolicy Policy, double Threshold, TimeSpan Grace)
{
    public static StragglerMitigation Tolerate { get; } = new(StragglerPolicy.Tolerate, double.PositiveInfinity, TimeSpan.Zero);
}

/// <summary>All fault models of a scenario; the default has none.</summary>
public sealed record FaultSettings(NodeFailureModel? NodeFailures, StragglerModel? Stragglers, IReadOnlyList<MaintenanceWindow> Maintenance, StragglerMitigation Mitigation)
{
    public static FaultSettings None { get; } = new(null, null, [], StragglerMitigation.Tolerate);
}
