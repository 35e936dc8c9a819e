namespace ClusterSim.Policies.Admission;

/// <summary>How a ClusterQueue orders its pending workloads, with Kueue's names.</summary>
public enum QueueingStrategy
{
    /// <summary>The head workload blocks the queue until it is admitted.</summary>
    StrictFifo,

    /// <summary>A workload that cannot be admitted does not block the ones behind it.</summary>
    BestEffortFifo,

    /// <summary>
    /// Slurm's EASY backfill: the head gets a reservation at the earliest time running jobs free
    /// enough room, and a later job may start now only if that reservation does not move.
    /// </summary>
    EasyBackfill,
}
