using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// The outcome of placing one pod: a placement, or the reason it is unschedulable.
/// </summary>
public sealed record PlacementDecision(Placement? Placement, string? Reason)
{
    public static PlacementDecision Placed(Placement placement) => new(placement, null);

    public static PlacementDecision Unschedulable(string reason) => new(null, reason);

    public bool IsPlaced => Placement is not null;
}
