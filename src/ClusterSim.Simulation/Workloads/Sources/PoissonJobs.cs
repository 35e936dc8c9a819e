namespace ClusterSim.Simulation.Workloads.Sources;

/// <summary>
/// Ad hoc jobs arriving as a Poisson process of <see cref="RatePerHour"/> between
/// <see cref="From"/> and <see cref="Until"/>, with log-normal run times of the given median
/// and shape.
/// </summary>
public sealed record PoissonJobs(
    string Name,
    string Namespace,
    int Priority,
    double RatePerHour,
    TimeSpan From,
    TimeSpan Until,
    TimeSpan MedianDuration,
    double DurationSigma,
    int Workers,
    WorkerShape Worker)
{
    /// <summary>How the jobs checkpoint; none by default.</summary>
    public ClusterSim.Core.Workloads.CheckpointPolicy Checkpoint { get; init; } = ClusterSim.Core.Workloads.CheckpointPolicy.None;
}
