namespace ClusterSim.Policies.Admission;

/// <summary>Why a pending job was not admitted; written as snake_case in outputs.</summary>
public enum HoldReason
{
    /// <summary>The ClusterQueue has no quota left that the job could use, even by borrowing.</summary>
    QuotaExhausted,

    /// <summary>The job's concurrency group already has its maximum number of active runs.</summary>
    ConcurrencyLimit,

    /// <summary>Quota is available, but no set of nodes can take every worker of the job at once.</summary>
    NoNodeFits,

    /// <summary>Another run of the same pipeline and partition is active, and the partition lock holds this one.</summary>
    PartitionLocked,

    /// <summary>The job can never run: it requests more GPU than the queue can ever have, or a flavor the queue lacks.</summary>
    Inadmissible,

    /// <summary>Under EASY backfill, starting the job now would delay the reservation of the queue's head.</summary>
    WouldDelayHead,

    /// <summary>Running jobs are being evicted to make room for this one.</summary>
    Preempting,
}
