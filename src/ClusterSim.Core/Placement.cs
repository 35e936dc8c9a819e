namespace ClusterSim.Core;

/// <summary>Where a pod runs: a node and, for a GPU pod, the indices of its GPU devices.</summary>
/// <param name="NodeIndex">Index of the node in <see cref="ClusterState.Nodes"/>.</param>
/// <param name="GpuDevices">Device indices on that node, ascending; empty for a CPU-only pod.</param>
public sealed record Placement(int NodeIndex, int[] GpuDevices);
