namespace ClusterSim.Policies.Admission;

/// <summary>Names of hold reasons in output files.</summary>
public static class HoldReasons
{
    public static string Name(HoldReason reason) => reason switch
    {
        HoldReason.QuotaExhausted => "quota_exhausted",
        HoldReason.ConcurrencyLimit => "concurrency_limit",
        HoldReason.NoNodeFits => "no_node_fits",
        HoldReason.PartitionLocked => "partition_locked",
        HoldReason.Inadmissible => "inadmissible",
        HoldReason.WouldDelayHead => "would_delay_head",
        HoldReason.Preempting => "preempting",
        _ => reason.ToString(),
    };
}
