namespace ClusterSim.Policies.Admission;

/// <summary>The admission policies that apply across queues.</summary>
/// <param name="ConcurrencyLimits">Maximum active runs per concurrency group.</param>
/// <param name="PartitionLock">Hold a run while another run of the same pipeline and partition is active.</param>
/// <param name="RerunCompletedPartitions">Under the partition lock, rerun backfill partitions that already completed.</param>
public sealed record AdmissionSettings(
    IReadOnlyDictionary<string, int> ConcurrencyLimits,
    bool PartitionLock,
    bool RerunCompletedPartitions);
