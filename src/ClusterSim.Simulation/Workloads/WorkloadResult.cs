namespace ClusterSim.Simulation.Workloads;

/// <summary>Everything a workload simulation recorded.</summary>
public sealed record WorkloadResult(
    WorkloadModel Model,
    IReadOnlyList<JobRecord> Jobs,
    IReadOnlyList<HoldEvent> Holds,
    IReadOnlyList<QueueSample> Samples,
    IReadOnlyList<IdempotencyViolation> Violations,
    IReadOnlyList<Reservation> Reservations,
    IReadOnlyList<EvictionRecord> Evictions,
    IReadOnlyList<FaultRecord> Faults,
    long EventsHandled);
