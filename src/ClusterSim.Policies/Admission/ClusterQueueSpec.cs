namespace ClusterSim.Policies.Admission;

/// <summary>A ClusterQueue: GPU quota per flavor, the cohort it shares quota with, its queueing strategy and preemption.</summary>
/// <param name="Name">Queue name.</param>
/// <param name="Cohort">Cohort name, or empty when the queue shares with no one.</param>
/// <param name="Strategy">StrictFIFO, BestEffortFIFO or EASY backfill.</param>
/// <param name="Flavors">Quota per flavor, in the order flavors are tried.</param>
public sealed record ClusterQueueSpec(string Name, string Cohort, QueueingStrategy Strategy, IReadOnlyList<FlavorQuota> Flavors)
{
    /// <summary>Which running workloads a pending one may preempt; none by default.</summary>
    public PreemptionPolicy Preemption { get; init; } = PreemptionPolicy.None;
}
