using ClusterSim.Core;

namespace ClusterSim.Policies.Admission;

// Preemption within a ClusterQueue and reclaim within a cohort, with Kueue's victim order.
public sealed partial class AdmissionEngine
{
    /// <summary>
    /// Chooses running jobs to evict so that <paramref name="preemptor"/> fits, with Kueue's
    /// rules: borrowing jobs of other queues in the cohort when the preemptor would stay within
    /// its own nominal quota (reclaim), and lower-priority jobs of its own queue. Candidates are
    /// taken reclaim first, then lowest priority, then most recently admitted, until the
    /// preemptor fits on a projected cluster; victims it turns out not to need are dropped. No
    /// job is evicted twice for the same preemptor, none while earlier evictions for it are
    /// still under way, and none when even every candidate would not make room.
    /// </summary>
    private void TryPreempt(PendingJob preemptor, HoldReason reason, List<(PendingJob, Hold)> holds)
    {
        var queue = ledger.Queue(preemptor.ClusterQueue);
        var policy = queue.Preemption;
        if (reason is not (HoldReason.QuotaExhausted or HoldReason.NoNodeFits) || policy == PreemptionPolicy.None
            || pendingEvictionsByPreemptor.ContainsKey(preemptor.Job.Id))
        {
            return;
        }

        var job = preemptor.Job;
        var history = evictedForPreemptor.GetValueOrDefault(job.Id);
        var withinOwnNominal = queue.Flavors.Any(f => job.Worker.AcceptsModel(f.Flavor)
            && ledger.Usage(queue.Name, f.Flavor) + job.TotalGpuMilli <= f.NominalMilli);
        var candidates = new List<(Admission Victim, TimeSpan Admitted, long Sequence, bool Reclaim)>();
        foreach (var (id, run) in running)
        {
            if (evicting.Contains(id) || history?.Contains(id) == true)
            {
                continue;
            }

            var victim = run.Admission;
            var admitted = run.End - victim.Job.Duration;
            if (victim.ClusterQueue == queue.Name)
            {
                if (policy.WithinClusterQueue == WithinClusterQueuePreemption.LowerPriority && victim.Job.Priority < job.Priority)
                {
                    candidates.Add((victim, admitted, run.Sequence, false));
                }
            }
            else if (queue.Cohort.Length > 0 && withinOwnNominal && ledger.Queue(victim.ClusterQueue).Cohort == queue.Cohort
                && IsBorrowing(victim)
                && (policy.ReclaimWithinCohort == ReclaimWithinCohort.Any
                    || (policy.ReclaimWithinCohort == ReclaimWithinCohort.LowerPriority && victim.Job.Priority < job.Priority)))
            {
                candidates.Add((victim, admitted, run.Sequence, true));
            }
        }

        candidates.Sort((a, b) =>
            a.Reclaim != b.Reclaim ? b.Reclaim.CompareTo(a.Reclaim)
            : a.Victim.Job.Priority != b.Victim.Job.Priority ? a.Victim.Job.Priority.CompareTo(b.Victim.Job.Priority)
            : a.Admitted != b.Admitted ? b.Admitted.CompareTo(a.Admitted)
            : b.Sequence.CompareTo(a.Sequence));

        var projected = cluster.Clone();
        var projectedLedger = ledger.Clone();
        var chosen = new List<(Admission Victim, TimeSpan Admitted, long Sequence, bool Reclaim)>();
        var fits = false;
        foreach (var candidate in candidates)
        {
            Remove(projected, projectedLedger, candidate.Victim);
            chosen.Add(candidate);
            if (FitsOn(projected, projectedLedger, preemptor))
            {
                fits = true;
                break;
            }
        }

        if (!fits)
        {
            return;
        }

        // Give back, latest first, every victim the preemptor fits without.
        for (var i = chosen.Count - 2; i >= 0; i--)
        {
            Restore(projected, projectedLedger, chosen[i].Victim);
            if (FitsOn(projected, projectedLedger, preemptor))
            {
                chosen.RemoveAt(i);
            }
            else
            {
                Remove(projected, projectedLedger, chosen[i].Victim);
            }
        }

        var inFlight = pendingEvictionsByPreemptor[job.Id] = new HashSet<string>(StringComparer.Ordinal);
        if (history is null)
        {
            history = new HashSet<string>(StringComparer.Ordinal);
            evictedForPreemptor[job.Id] = history;
        }

        foreach (var (victim, _, _, reclaim) in chosen)
        {
            evicting.Add(victim.Job.Id);
            inFlight.Add(victim.Job.Id);
            history.Add(victim.Job.Id);
            evictions.Add(new Eviction(victim, job.Id, reclaim));
        }

        RecordHold(preemptor, HoldReason.Preempting, string.Empty, holds);
    }

    /// <summary>True when the victim's queue uses more than its nominal quota of the victim's flavor.</summary>
    private bool IsBorrowing(Admission victim)
    {
        var quota = ledger.Queue(victim.ClusterQueue).Flavors.FirstOrDefault(f => f.Flavor == victim.Flavor);
        return quota is not null && ledger.Usage(victim.ClusterQueue, victim.Flavor) > quota.NominalMilli;
    }

    private static void Remove(ClusterState projected, QuotaLedger projectedLedger, Admission victim)
    {
        foreach (var placed in victim.Placements)
        {
            projected.Release(Pinned(victim.Job, victim.Flavor), placed);
        }

        if (victim.Job.TotalGpuMilli > 0)
        {
            projectedLedger.Release(victim.ClusterQueue, victim.Flavor, victim.Job.TotalGpuMilli);
        }
    }

    private static void Restore(ClusterState projected, QuotaLedger projectedLedger, Admission victim)
    {
        foreach (var placed in victim.Placements)
        {
            projected.Assign(Pinned(victim.Job, victim.Flavor), placed);
        }

        if (victim.Job.TotalGpuMilli > 0)
        {
            projectedLedger.Charge(victim.ClusterQueue, victim.Flavor, victim.Job.TotalGpuMilli);
        }
    }
}
