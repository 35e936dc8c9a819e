namespace ClusterSim.Core;

/// <summary>
/// The part of a pod request that placement scores and the fragmentation measure look at.
/// Memory is deliberately absent: it only takes part in the node fit check.
/// </summary>
/// <param name="CpuMilli">CPU request in millicores.</param>
/// <param name="GpuMilli">Milli requested on each GPU device.</param>
/// <param name="GpuCount">Number of GPU devices.</param>
/// <param name="GpuModels">Allowed GPU models joined by '|'; empty for any.</param>
public readonly record struct PodShape(long CpuMilli, int GpuMilli, int GpuCount, string GpuModels);
