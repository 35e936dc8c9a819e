namespace ClusterSim.Reporting.Openb;

/// <summary>A run's metrics at one whole percentage of arrived GPU demand.</summary>
/// <param name="ArrivedPercent">Arrived GPU demand as a whole percentage of cluster GPU capacity.</param>
/// <param name="AllocatedPercent">Allocated GPU milli as a percentage of capacity, rounded to 2 decimals.</param>
/// <param name="FragmentedPercent">Fragmented GPU milli as a percentage of capacity, rounded to 2 decimals.</param>
/// <param name="FragmentationRatioPercent">Fragmented share of idle GPU milli, in percent, unrounded.</param>
public sealed record DiscretePoint(int ArrivedPercent, double AllocatedPercent, double FragmentedPercent, double FragmentationRatioPercent);
