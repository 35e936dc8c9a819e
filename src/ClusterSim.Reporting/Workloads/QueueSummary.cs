namespace ClusterSim.Reporting.Workloads;

/// <summary>Per-ClusterQueue results of a workload simulation; times in seconds.</summary>
public sealed record QueueSummary(
    string ClusterQueue,
    int Submitted,
    int Completed,
    int Unfinished,
    double MeanWaitSeconds,
    double P50WaitSeconds,
    double P95WaitSeconds,
    double MaxWaitSeconds,
    double GpuHours);
