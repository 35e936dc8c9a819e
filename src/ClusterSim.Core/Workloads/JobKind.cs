namespace ClusterSim.Core.Workloads;

/// <summary>Where a job comes from, which decides how its results are reported.</summary>
public enum JobKind
{
    /// <summary>A scheduled production run, usually with a deadline.</summary>
    Production,

    /// <summary>One partition of a historical rerun over a date range.</summary>
    Backfill,

    /// <summary>Any other job, for example from a trace or a synthetic generator.</summary>
    Batch,
}
