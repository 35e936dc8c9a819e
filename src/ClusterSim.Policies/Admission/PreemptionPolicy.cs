namespace ClusterSim.Policies.Admission;

/// <summary>Which admitted workloads of its own ClusterQueue a pending workload may preempt, with Kueue's names.</summary>
public enum WithinClusterQueuePreemption
{
    Never,

    /// <summary>Workloads of lower priority.</summary>
    LowerPriority,
}

/// <summary>Which workloads of other ClusterQueues in the cohort a pending workload may evict to get its nominal quota back.</summary>
public enum ReclaimWithinCohort
{
    Never,

    /// <summary>Borrowing workloads of lower priority.</summary>
    LowerPriority,

    /// <summary>Any borrowing workload.</summary>
    Any,
}

/// <summary>A ClusterQueue's preemption settings; the default preempts nothing.</summary>
public sealed record PreemptionPolicy(WithinClusterQueuePreemption WithinClusterQueue, ReclaimWithinCohort ReclaimWithinCohort)
{
    public static PreemptionPolicy None { get; } = new(WithinClusterQueuePreemption.Never, ReclaimWithinCohort.Never);
}
