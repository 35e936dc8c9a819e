namespace ClusterSim.Core.Workloads;

/// <summary>
/// A training job: a gang of identical workers that start together and finish together.
/// </summary>
/// <param name="Id">Unique job id.</param>
/// <param name="Kind">Production, backfill or batch.</param>
/// <param name="Namespace">Namespace the job is submitted in; a LocalQueue maps it to a ClusterQueue.</param>
/// <param name="Pipeline">Pipeline the job runs, for partition bookkeeping, or empty.</param>
/// <param name="ConcurrencyGroup">Group whose concurrency limit the job counts against, or empty for none.</param>
/// <param name="Priority">Workload priority; higher values are admitted first.</param>
/// <param name="SubmitTime">Submission time from the start of the simulation.</param>
/// <param name="Duration">Run time once started.</param>
/// <param name="Workers">Number of worker pods, all placed at once or not at all.</param>
/// <param name="Worker">Resource request of each worker.</param>
/// <param name="Deadline">Time from the start of the simulation by which the job should finish, if any.</param>
/// <param name="Partition">Data partition the job reads and writes, for example a date, or empty.</param>
/// <param name="ArtifactPath">Path of the artifact the job writes when it finishes, or empty.</param>
public sealed record JobSpec(
    string Id,
    JobKind Kind,
    string Namespace,
    string Pipeline,
    string ConcurrencyGroup,
    int Priority,
    TimeSpan SubmitTime,
    TimeSpan Duration,
    int Workers,
    PodSpec Worker,
    TimeSpan? Deadline,
    string Partition,
    string ArtifactPath)
{
    /// <summary>How the job checkpoints; <see cref="Duration"/> is its failure-free compute time.</summary>
    public CheckpointPolicy Checkpoint { get; init; } = CheckpointPolicy.None;

    /// <summary>GPU milli of all workers together.</summary>
    public long TotalGpuMilli => Worker.TotalGpuMilli * Workers;
}
