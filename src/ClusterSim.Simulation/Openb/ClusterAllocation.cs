namespace ClusterSim.Simulation.Openb;

/// <summary>Requested share of the cluster's allocatable resources, each in percent.</summary>
/// <param name="CpuPercent">CPU requests over allocatable CPU.</param>
/// <param name="MemoryPercent">Memory requests over allocatable memory.</param>
/// <param name="GpuDevicePercent">GPU devices with any milli in use over all devices.</param>
/// <param name="GpuMilliPercent">Allocated GPU milli over GPU capacity.</param>
public sealed record ClusterAllocation(double CpuPercent, double MemoryPercent, double GpuDevicePercent, double GpuMilliPercent);
