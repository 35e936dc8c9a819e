using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Workloads;
using ClusterSim.Simulation.Workloads.Sources;

namespace ClusterSim.Scenarios;

/// <summary>A validated scenario: one experiment described completely.</summary>
public sealed record Scenario(
    string Name,
    string Description,
    int Seed,
    DateOnly Start,
    TimeSpan Horizon,
    TimeSpan SampleInterval,
    string PlacementPolicy,
    IReadOnlyList<NodeSpec> Nodes,
    IReadOnlyList<ClusterQueueSpec> ClusterQueues,
    IReadOnlyDictionary<string, string> ClusterQueueByNamespace,
    AdmissionSettings Admission,
    IReadOnlyList<DailyPipeline> Daily,
    IReadOnlyList<HistoricalBackfill> Backfills,
    IReadOnlyList<PoissonJobs> Generators,
    IReadOnlyList<JobSpec> TraceJobs)
{
    /// <summary>Time an evicted job keeps its resources before they are released.</summary>
    public TimeSpan EvictionGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time after an eviction before the job is queued again.</summary>
    public TimeSpan RequeueBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Node failures, maintenance and stragglers; none by default.</summary>
    public Simulation.Faults.FaultSettings Faults { get; init; } = Simulation.Faults.FaultSettings.None;

    /// <summary>Expands the workload sources into jobs and returns the simulation input.</summary>
    public WorkloadModel ToModel() => new(
        Nodes,
        ClusterQueues,
        ClusterQueueByNamespace,
        Admission,
        PlacementPolicy,
        [.. WorkloadSources.Expand(Start, Horizon, Seed, Daily, Backfills, Generators), .. TraceJobs.Where(j => j.SubmitTime <= Horizon)],
        Horizon,
        SampleInterval,
        Seed)
    {
        EvictionGracePeriod = EvictionGracePeriod,
        RequeueBackoff = RequeueBackoff,
        Faults = Faults,
    };
}
