using ClusterSim.Core;

namespace ClusterSim.Simulation.Openb;

/// <summary>A pod that no node could take, with the reason.</summary>
public sealed record FailedPod(PodSpec Pod, string Reason);
