namespace ClusterSim.Simulation.Workloads;

/// <summary>The state of a job at the end of a simulation.</summary>
public enum JobStatus
{
    /// <summary>Finished before the horizon.</summary>
    Completed,

    /// <summary>Started but still running at the horizon.</summary>
    Running,

    /// <summary>Submitted but never admitted before the horizon.</summary>
    Pending,

    /// <summary>Never submitted because its submission time lies beyond the horizon.</summary>
    NotSubmitted,

    /// <summary>A backfill run dropped because its partition had already completed.</summary>
    Skipped,
}
