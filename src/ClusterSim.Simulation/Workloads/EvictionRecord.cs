namespace ClusterSim.Simulation.Workloads;

/// <summary>An eviction decided at <paramref name="Time"/>: which job, from which queue, for which preemptor.</summary>
/// <param name="Time">When the eviction was decided; the resources are released a grace period later.</param>
/// <param name="JobId">The evicted job.</param>
/// <param name="ClusterQueue">The evicted job's ClusterQueue.</param>
/// <param name="PreemptorId">The job the room was made for.</param>
/// <param name="Reclaim">True when the evicted job borrowed quota that the preemptor's queue took back.</param>
public sealed record EvictionRecord(System.TimeSpan Time, string JobId, string ClusterQueue, string PreemptorId, bool Reclaim);
