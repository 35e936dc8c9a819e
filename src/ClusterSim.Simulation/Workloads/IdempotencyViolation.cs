namespace ClusterSim.Simulation.Workloads;

/// <summary>The two kinds of idempotency violation the simulator detects.</summary>
public enum ViolationKind
{
    /// <summary>Two runs of the same pipeline and partition were active at once, so the partition's data is counted twice.</summary>
    ConcurrentPartitionRun,

    /// <summary>A run wrote an artifact path that another run had already written in this simulation.</summary>
    ArtifactOverwrite,
}

/// <summary>One idempotency violation: when, which run, and which earlier run it collided with.</summary>
public sealed record IdempotencyViolation(TimeSpan Time, ViolationKind Kind, string JobId, string OtherJobId, string Pipeline, string Partition, string ArtifactPath);
