namespace ClusterSim.Simulation.Openb;

/// <summary>Cluster metrics taken right after one pod submission, placed or not.</summary>
/// <param name="ArrivedGpuMilli">GPU demand of all pods submitted so far, failed ones included.</param>
/// <param name="AllocatedGpuMilli">GPU milli allocated in the cluster.</param>
/// <param name="FragmentedGpuMilli">Fragmented GPU milli of the cluster against the target workload.</param>
/// <param name="IdleGpuMilli">Idle GPU milli as the fragmentation buckets add it up.</param>
public readonly record struct EventSample(long ArrivedGpuMilli, long AllocatedGpuMilli, double FragmentedGpuMilli, double IdleGpuMilli)
{
    /// <summary>Fragmented share of the idle GPU milli, in percent; 0 when nothing is idle.</summary>
    public double FragmentationRatioPercent => IdleGpuMilli == 0 ? 0 : 100 * FragmentedGpuMilli / IdleGpuMilli;
}
