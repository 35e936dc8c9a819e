namespace ClusterSim.Policies.Admission;

/// <summary>What one admission cycle did.</summary>
/// <param name="Admitted">Jobs admitted, in admission order.</param>
/// <param name="Skipped">Backfill runs dropped because their partition already completed.</param>
/// <param name="HoldChanges">Jobs whose hold reason changed, with the new hold.</param>
/// <param name="Reservations">EASY backfill heads whose reserved start changed, with the new start.</param>
/// <param name="Evictions">Running jobs to evict so that pending ones can start; they keep their resources until <see cref="AdmissionEngine.Complete"/>.</param>
public sealed record AdmissionCycle(
    IReadOnlyList<Admission> Admitted,
    IReadOnlyList<PendingJob> Skipped,
    IReadOnlyList<(PendingJob Job, Hold Hold)> HoldChanges,
    IReadOnlyList<(PendingJob Job, TimeSpan Start)> Reservations,
    IReadOnlyList<Eviction> Evictions);
