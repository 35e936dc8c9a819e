namespace ClusterSim.Policies;

/// <summary>The node size that scores are scaled against: the largest openb node.</summary>
public static class ScoreScale
{
    /// <summary>128 cores in millicores.</summary>
    public const double MaxSpecCpuMilli = 128_000;

    /// <summary>8 GPUs in milli.</summary>
    public const double MaxSpecGpuMilli = 8_000;

    /// <summary>8 GPUs in milli, for integer arithmetic.</summary>
    public const long MaxSpecGpuMilliInteger = 8_000;
}
