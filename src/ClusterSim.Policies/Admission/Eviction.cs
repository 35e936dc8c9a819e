namespace ClusterSim.Policies.Admission;

/// <summary>A running workload chosen for eviction to make room for a pending one.</summary>
/// <param name="Victim">The admission to evict.</param>
/// <param name="PreemptorId">Id of the job the room is made for.</param>
/// <param name="Reclaim">True when the victim borrowed quota that the preemptor's queue reclaims.</param>
public sealed record Eviction(Admission Victim, string PreemptorId, bool Reclaim);
