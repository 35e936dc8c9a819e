using ClusterSim.Core;

namespace ClusterSim.Simulation.Workloads.Sources;

/// <summary>The request of one worker of a job, as a workload source declares it.</summary>
/// <param name="Gpus">Whole GPUs per worker; 0 for a CPU-only worker.</param>
/// <param name="CpuMilli">CPU request in millicores.</param>
/// <param name="MemoryMib">Memory request in MiB.</param>
/// <param name="GpuModels">Allowed GPU models joined by '|', or empty for any.</param>
public sealed record WorkerShape(int Gpus, long CpuMilli, long MemoryMib, string GpuModels)
{
    public PodSpec ToPod(string name) =>
        new(name, CpuMilli, MemoryMib, Gpus, Gpus == 0 ? 0 : GpuDevice.MilliCapacity, Gpus == 0 ? string.Empty : GpuModels);
}
