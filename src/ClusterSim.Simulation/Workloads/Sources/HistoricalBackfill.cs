namespace ClusterSim.Simulation.Workloads.Sources;

/// <summary>
/// A historical rerun of <see cref="Pipeline"/> over the partitions from <see cref="From"/> to
/// <see cref="To"/>: one job per daily partition, all submitted at <see cref="SubmitAt"/>, as
/// Airflow and Dagster create backfill runs.
/// </summary>
public sealed record HistoricalBackfill(
    string Name,
    string Pipeline,
    string Namespace,
    int Priority,
    TimeSpan SubmitAt,
    DateOnly From,
    DateOnly To,
    bool NewestFirst,
    TimeSpan Duration,
    int Workers,
    WorkerShape Worker,
    string ArtifactTemplate,
    string ConcurrencyGroup)
{
    /// <summary>How the jobs checkpoint; none by default.</summary>
    public ClusterSim.Core.Workloads.CheckpointPolicy Checkpoint { get; init; } = ClusterSim.Core.Workloads.CheckpointPolicy.None;
}
