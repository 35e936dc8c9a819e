using ClusterSim.Policies.Admission;

namespace ClusterSim.Simulation.Workloads;

/// <summary>A job's hold reason changed at <paramref name="Time"/>.</summary>
public sealed record HoldEvent(TimeSpan Time, string JobId, string ClusterQueue, HoldReason Reason, string Detail);
