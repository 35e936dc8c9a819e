namespace ClusterSim.Policies.Admission;

/// <summary>How a ClusterQueue orders its pending workloads, with Kueue's names.</summary>
public enum QueueingStrategy
{
    /// <summary>The head workload blocks the queue until it is admitted.</summary>
    StrictFifo,

    /// <summary>A workload that cannot be admitted does not block the ones behind it.</summary>
    BestEffortFifo,
}
