namespace ClusterSim.Policies.Admission;

/// <summary>A ClusterQueue: GPU quota per flavor, the cohort it shares quota with, and its queueing strategy.</summary>
/// <param name="Name">Queue name.</param>
/// <param name="Cohort">Cohort name, or empty when the queue shares with no one.</param>
/// <param name="Strategy">StrictFIFO or BestEffortFIFO.</param>
/// <param name="Flavors">Quota per flavor, in the order flavors are tried.</param>
public sealed record ClusterQueueSpec(string Name, string Cohort, QueueingStrategy Strategy, IReadOnlyList<FlavorQuota> Flavors);
