namespace ClusterSim.Policies.Admission;

/// <summary>A hold with its reason and a human-readable detail, for example the quota that ran out.</summary>
public sealed record Hold(HoldReason Reason, string Detail);
