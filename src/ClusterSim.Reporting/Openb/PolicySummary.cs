namespace ClusterSim.Reporting.Openb;

/// <summary>A mean and a sample standard deviation over seeds.</summary>
public readonly record struct SeedStatistic(double Mean, double StandardDeviation);

/// <summary>One policy's results over all seeds of a study.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="Seeds">Number of seeds.</param>
/// <param name="AllocatedAt100">Allocated GPU percent in the 100 % arrived column.</param>
/// <param name="AllocatedAtEnd">Allocated GPU percent after the last submission.</param>
/// <param name="FragmentedAt100">Fragmented GPU percent of capacity in the 100 % arrived column.</param>
/// <param name="FragmentedAtEnd">Fragmented GPU percent of capacity after the last submission.</param>
/// <param name="FailedPods">Number of pods that could not be placed.</param>
/// <param name="UnallocatedGpusAtEnd">GPU capacity left unallocated after the last submission, in GPUs.</param>
public sealed record PolicySummary(
    string Policy,
    int Seeds,
    SeedStatistic AllocatedAt100,
    SeedStatistic AllocatedAtEnd,
    SeedStatistic FragmentedAt100,
    SeedStatistic FragmentedAtEnd,
    SeedStatistic FailedPods,
    SeedStatistic UnallocatedGpusAtEnd);
