namespace ClusterSim.Policies.Admission;

/// <summary>The outcome of a quota check.</summary>
public enum QuotaFit
{
    /// <summary>The request fits the queue's own nominal quota.</summary>
    WithinNominal,

    /// <summary>The request fits only by borrowing unused quota of the cohort.</summary>
    Borrowing,

    /// <summary>The request exceeds the quota the queue can use now.</summary>
    Exceeded,

    /// <summary>The queue has no quota for the flavor at all.</summary>
    NoSuchFlavor,
}
