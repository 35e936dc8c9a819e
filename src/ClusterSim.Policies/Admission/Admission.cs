using ClusterSim.Core;
using ClusterSim.Core.Workloads;

namespace ClusterSim.Policies.Admission;

/// <summary>An admitted job: its ClusterQueue, the flavor its GPUs are charged to, and where each worker runs.</summary>
/// <param name="Job">The job.</param>
/// <param name="ClusterQueue">Queue the job was admitted through.</param>
/// <param name="Flavor">GPU model charged, or empty for a job without GPUs.</param>
/// <param name="Placements">One placement per worker.</param>
/// <param name="Borrowed">True when the job was admitted by borrowing cohort quota.</param>
public sealed record Admission(JobSpec Job, string ClusterQueue, string Flavor, IReadOnlyList<Placement> Placements, bool Borrowed);
