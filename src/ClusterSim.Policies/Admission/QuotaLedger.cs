namespace ClusterSim.Policies.Admission;

/// <summary>
/// GPU quota in use per ClusterQueue and flavor, with Kueue's cohort arithmetic. A request fits
/// when the queue's usage stays within its nominal quota, or when it stays within nominal plus
/// borrowing limit and the cohort's total borrowing stays within what the other queues lend.
/// </summary>
/// <remarks>
/// Each queue's nominal quota splits into a guaranteed part (nominal minus lendable) that only it
/// uses and a lendable part that joins the cohort's pool. Usage above a queue's guaranteed part
/// draws on the pool, so with quotas 9 and 12 and no limits one queue can use 21 when the other
/// is idle; a borrowing limit of 1 caps it at 10, and so does a lending limit of 1 on the other.
/// </remarks>
public sealed class QuotaLedger
{
    private readonly Dictionary<string, QueueAccount> queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<QueueAccount>> cohorts = new(StringComparer.Ordinal);

    public QuotaLedger(IEnumerable<ClusterQueueSpec> specs)
    {
        foreach (var spec in specs)
        {
            var account = new QueueAccount(spec);
            queues.Add(spec.Name, account);
            if (spec.Cohort.Length > 0)
            {
                if (!cohorts.TryGetValue(spec.Cohort, out var members))
                {
                    members = [];
                    cohorts.Add(spec.Cohort, members);
                }

                members.Add(account);
            }
        }
    }

    public ClusterQueueSpec Queue(string name) => queues[name].Spec;

    public IEnumerable<ClusterQueueSpec> Queues => queues.Values.Select(q => q.Spec);

    /// <summary>GPU milli of <paramref name="flavor"/> that <paramref name="queue"/> uses now.</summary>
    public long Usage(string queue, string flavor) => queues[queue].UsageOf(flavor);

    /// <summary>Returns whether <paramref name="milli"/> more of <paramref name="flavor"/> fits the quota of <paramref name="queue"/>.</summary>
    public QuotaFit Check(string queue, string flavor, long milli)
    {
        var account = queues[queue];
        var quota = account.QuotaOf(flavor);
        if (quota is null)
        {
            return QuotaFit.NoSuchFlavor;
        }

        var usage = account.UsageOf(flavor) + milli;
        if (account.Spec.Cohort.Length == 0)
        {
            return usage <= quota.NominalMilli ? QuotaFit.WithinNominal : QuotaFit.Exceeded;
        }

        if (quota.BorrowingLimitMilli is { } limit && usage > quota.NominalMilli + limit)
        {
            return QuotaFit.Exceeded;
        }

        long pool = 0, drawn = 0;
        foreach (var member in cohorts[account.Spec.Cohort])
        {
            var memberQuota = member.QuotaOf(flavor);
            var memberUsage = ReferenceEquals(member, account) ? usage : member.UsageOf(flavor);
            var guaranteed = memberQuota?.GuaranteedMilli ?? 0;
            pool += memberQuota?.LendableMilli ?? 0;
            drawn += Math.Max(0, memberUsage - guaranteed);
        }

        // Even a request within nominal quota waits while others borrow what it would need:
        // getting lent quota back takes preemption, not admission.
        if (drawn > pool)
        {
            return QuotaFit.Exceeded;
        }

        return usage <= quota.NominalMilli ? QuotaFit.WithinNominal : QuotaFit.Borrowing;
    }

    /// <summary>
    /// Returns the most GPU milli of <paramref name="flavor"/> that <paramref name="queue"/> could
    /// ever use: its nominal quota alone, or with a cohort, its guaranteed part plus everything
    /// the cohort lends, capped by its borrowing limit.
    /// </summary>
    public long MaxUsable(string queue, string flavor)
    {
        var account = queues[queue];
        if (account.QuotaOf(flavor) is not { } quota)
        {
            return 0;
        }

        if (account.Spec.Cohort.Length == 0)
        {
            return quota.NominalMilli;
        }

        var pool = cohorts[account.Spec.Cohort].Sum(m => m.QuotaOf(flavor)?.LendableMilli ?? 0);
        var reachable = quota.GuaranteedMilli + pool;
        return quota.BorrowingLimitMilli is { } limit ? Math.Min(reachable, quota.NominalMilli + limit) : reachable;
    }

    /// <summary>Returns an independent copy of the ledger with the same usage.</summary>
    public QuotaLedger Clone()
    {
        var copy = new QuotaLedger(queues.Values.Select(q => q.Spec));
        foreach (var (name, account) in queues)
        {
            account.CopyUsageTo(copy.queues[name]);
        }

        return copy;
    }

    public void Charge(string queue, string flavor, long milli) => queues[queue].Add(flavor, milli);

    public void Release(string queue, string flavor, long milli) => queues[queue].Add(flavor, -milli);

    private sealed class QueueAccount(ClusterQueueSpec spec)
    {
        private readonly Dictionary<string, long> usage = new(StringComparer.Ordinal);

        public ClusterQueueSpec Spec { get; } = spec;

        public FlavorQuota? QuotaOf(string flavor) => Spec.Flavors.FirstOrDefault(f => f.Flavor == flavor);

        public long UsageOf(string flavor) => usage.GetValueOrDefault(flavor);

        public void CopyUsageTo(QueueAccount other)
        {
            foreach (var (flavor, milli) in usage)
            {
                other.usage[flavor] = milli;
            }
        }

        public void Add(string flavor, long milli)
        {
            var updated = UsageOf(flavor) + milli;
            if (updated < 0)
            {
                throw new InvalidOperationException($"Queue {Spec.Name} would use {updated} milli of {flavor}; a release exceeded what was charged.");
            }

            usage[flavor] = updated;
        }
    }
}
