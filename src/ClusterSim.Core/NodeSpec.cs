namespace ClusterSim.Core;

/// <summary>
/// A node's allocatable resources as an inventory or trace declares them.
/// Every GPU device has a capacity of <see cref="GpuDevice.MilliCapacity"/> milli.
/// </summary>
/// <param name="Name">Node name, unique in a cluster.</param>
/// <param name="CpuMilli">Allocatable CPU in millicores.</param>
/// <param name="MemoryMib">Allocatable memory in MiB.</param>
/// <param name="GpuCount">Number of GPU devices.</param>
/// <param name="GpuModel">GPU model (the resource flavor), or an empty string for a node without a model label.</param>
public sealed record NodeSpec(string Name, long CpuMilli, long MemoryMib, int GpuCount, string GpuModel);
