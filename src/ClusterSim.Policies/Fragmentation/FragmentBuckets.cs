namespace ClusterSim.Policies;

/// <summary>
/// Idle GPU milli of a node or a cluster, split by how the target workload sees it. Each
/// bucket is the probability-weighted idle GPU milli of the typical pods in that category.
/// </summary>
public struct FragmentBuckets
{
    /// <summary>Typical pods that lack both GPU and CPU on the node.</summary>
    public double LackBoth { get; set; }

    /// <summary>Typical pods that lack GPU, plus the devices too small for fitting pods.</summary>
    public double LackGpu { get; set; }

    /// <summary>Typical pods that fit: the idle GPU they could use. Not counted as fragment.</summary>
    public double Satisfied { get; set; }

    /// <summary>Typical pods whose GPU fits but whose CPU does not.</summary>
    public double LackCpu { get; set; }

    /// <summary>CPU-only typical pods that fit; their share of the idle GPU counts as fragment.</summary>
    public double CpuOnlySatisfied { get; set; }

    /// <summary>CPU-only typical pods that do not fit.</summary>
    public double CpuOnlyLackCpu { get; set; }

    /// <summary>Typical pods whose GPU model constraint excludes the node.</summary>
    public double NoAccess { get; set; }

    /// <summary>Fragmented GPU milli: every bucket except <see cref="Satisfied"/>.</summary>
    public readonly double Amount => LackBoth + LackGpu + LackCpu + CpuOnlySatisfied + CpuOnlyLackCpu + NoAccess;

    /// <summary>Sum of all buckets, equal to the idle GPU milli up to rounding.</summary>
    public readonly double Idle => LackBoth + LackGpu + Satisfied + LackCpu + CpuOnlySatisfied + CpuOnlyLackCpu + NoAccess;

    public void Add(in FragmentBuckets other)
    {
        LackBoth += other.LackBoth;
        LackGpu += other.LackGpu;
        Satisfied += other.Satisfied;
        LackCpu += other.LackCpu;
        CpuOnlySatisfied += other.CpuOnlySatisfied;
        CpuOnlyLackCpu += other.CpuOnlyLackCpu;
        NoAccess += other.NoAccess;
    }

    public void Subtract(in FragmentBuckets other)
    {
        LackBoth -= other.LackBoth;
        LackGpu -= other.LackGpu;
        Satisfied -= other.Satisfied;
        LackCpu -= other.LackCpu;
        CpuOnlySatisfied -= other.CpuOnlySatisfied;
        CpuOnlyLackCpu -= other.CpuOnlyLackCpu;
        NoAccess -= other.NoAccess;
    }
}
