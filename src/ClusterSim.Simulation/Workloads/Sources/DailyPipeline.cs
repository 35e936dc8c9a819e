namespace ClusterSim.Simulation.Workloads.Sources;

/// <summary>
/// A production pipeline that trains once a day on that day's partition: submitted at
/// <see cref="SubmitAt"/> after the partition day starts, due <see cref="Deadline"/> after it.
/// </summary>
public sealed record DailyPipeline(
    string Pipeline,
    string Namespace,
    int Priority,
    TimeSpan SubmitAt,
    TimeSpan? Deadline,
    TimeSpan Duration,
    int Workers,
    WorkerShape Worker,
    string ArtifactTemplate,
    string ConcurrencyGroup,
    int FirstDay,
    int? Days)
{
    /// <summary>How the jobs checkpoint; none by default.</summary>
    public ClusterSim.Core.Workloads.CheckpointPolicy Checkpoint { get; init; } = ClusterSim.Core.Workloads.CheckpointPolicy.None;
}
