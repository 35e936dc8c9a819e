namespace ClusterSim.Simulation.Openb;

/// <summary>What one (policy, seed) run of the openb study measured.</summary>
public sealed record OpenbRunResult(
    string Policy,
    int Seed,
    long TotalGpus,
    IReadOnlyList<EventSample> Samples,
    IReadOnlyList<FailedPod> FailedPods,
    ClusterAllocation FinalAllocation);
