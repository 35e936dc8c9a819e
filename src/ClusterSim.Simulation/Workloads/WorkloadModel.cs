using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;

namespace ClusterSim.Simulation.Workloads;

/// <summary>Everything a workload simulation needs: cluster, queues, policies, jobs and horizon.</summary>
/// <param name="Nodes">Cluster inventory.</param>
/// <param name="ClusterQueues">ClusterQueues with quotas and cohorts.</param>
/// <param name="ClusterQueueByNamespace">LocalQueues: which ClusterQueue serves each namespace.</param>
/// <param name="Admission">Concurrency limits and the partition lock.</param>
/// <param name="PlacementPolicy">Placement policy name, for example bestfit.</param>
/// <param name="Jobs">Every job, in any order.</param>
/// <param name="Horizon">Simulated time; nothing happens after it.</param>
/// <param name="SampleInterval">Time between two samples of the queues.</param>
/// <param name="Seed">Seed of the placement policy's random stream.</param>
public sealed record WorkloadModel(
    IReadOnlyList<NodeSpec> Nodes,
    IReadOnlyList<ClusterQueueSpec> ClusterQueues,
    IReadOnlyDictionary<string, string> ClusterQueueByNamespace,
    AdmissionSettings Admission,
    string PlacementPolicy,
    IReadOnlyList<JobSpec> Jobs,
    TimeSpan Horizon,
    TimeSpan SampleInterval,
    int Seed)
{
    /// <summary>Time an evicted job keeps its resources before they are released, like a pod's termination grace period.</summary>
    public TimeSpan EvictionGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Node failures, maintenance and stragglers; none by default.</summary>
    public Faults.FaultSettings Faults { get; init; } = ClusterSim.Simulation.Faults.FaultSettings.None;

    /// <summary>Time after an eviction completes before the job is queued again.</summary>
    public TimeSpan RequeueBackoff { get; init; } = TimeSpan.FromSeconds(60);
}
