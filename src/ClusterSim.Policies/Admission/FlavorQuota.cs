namespace ClusterSim.Policies.Admission;

/// <summary>
/// A ClusterQueue's GPU quota for one resource flavor (a GPU model), in milli, with Kueue's
/// meaning: the queue may use <see cref="NominalMilli"/>, borrow unused quota of its cohort up
/// to <see cref="BorrowingLimitMilli"/> beyond that, and lend at most
/// <see cref="LendingLimitMilli"/> of its own unused quota. A null limit means no limit.
/// </summary>
public sealed record FlavorQuota(string Flavor, long NominalMilli, long? BorrowingLimitMilli, long? LendingLimitMilli)
{
    /// <summary>Quota that other queues of the cohort may borrow.</summary>
    public long LendableMilli => Math.Min(LendingLimitMilli ?? NominalMilli, NominalMilli);

    /// <summary>Quota that only this queue may use.</summary>
    public long GuaranteedMilli => NominalMilli - LendableMilli;
}
