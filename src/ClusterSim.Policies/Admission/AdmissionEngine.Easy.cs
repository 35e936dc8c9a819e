using ClusterSim.Core;
using ClusterSim.Core.Workloads;

namespace ClusterSim.Policies.Admission;

// EASY backfill: reservations for the head of a queue, on projected copies of the cluster.
public sealed partial class AdmissionEngine
{
    /// <summary>
    /// EASY backfill. The head is admitted when it can start now. Otherwise it gets a reservation:
    /// the earliest time at which, with running jobs finishing at their known run times, it
    /// would fit. A later job then starts now only if it ends by that time, or if the head still
    /// fits at that time with the later job running.
    /// </summary>
    private Candidate? FindEasyCandidate(PendingQueue pending, List<PendingJob> skipped, List<(PendingJob, Hold)> holds)
    {
        if (ResolveHead(pending, skipped, holds, out var head) is { } admissible)
        {
            return admissible;
        }

        if (head is null)
        {
            return null;
        }

        // A head that can never start, or only after a completion outside this projection,
        // gets no reservation, and later jobs start freely.
        var shadow = head.Hold!.Reason is HoldReason.QuotaExhausted or HoldReason.NoNodeFits ? Reserve(head, cluster.Clone(), ledger.Clone(), TimeSpan.MaxValue) : null;
        if (shadow is { } start && head.Reservation != start)
        {
            head.Reservation = start;
            reservations.Add((head, start));
        }

        foreach (var job in pending.InOrder().Skip(1).ToList())
        {
            if (ShouldSkip(job.Job))
            {
                pending.Remove(job);
                skipped.Add(job);
                continue;
            }

            var outcome = Evaluate(job);
            if (outcome.Reason is { } reason)
            {
                RecordHold(job, reason, outcome.Flavor, holds);
                continue;
            }

            if (shadow is null || currentTime + job.Job.Duration <= shadow || HeadFitsBeside(head, job, outcome, shadow.Value))
            {
                return new Candidate(job, outcome.Flavor, outcome.Borrowing, outcome.Placements!, clusterVersion);
            }

            RecordHold(job, HoldReason.WouldDelayHead, outcome.Flavor, holds);
        }

        return null;
    }

    /// <summary>
    /// Projects running jobs finishing in order of their end times on copies of the cluster and
    /// ledger, and returns the first end time at which <paramref name="head"/> fits, or null
    /// when it fits at none up to <paramref name="until"/>.
    /// </summary>
    private TimeSpan? Reserve(PendingJob head, ClusterState projected, QuotaLedger projectedLedger, TimeSpan until)
    {
        foreach (var (admission, end, _) in running.Values.OrderBy(r => r.End).ThenBy(r => r.Sequence))
        {
            if (end > until)
            {
                break;
            }

            foreach (var worker in admission.Placements)
            {
                projected.Release(Pinned(admission.Job, admission.Flavor), worker);
            }

            if (admission.Job.TotalGpuMilli > 0)
            {
                projectedLedger.Release(admission.ClusterQueue, admission.Flavor, admission.Job.TotalGpuMilli);
            }

            if (FitsOn(projected, projectedLedger, head))
            {
                return end;
            }
        }

        return null;
    }

    /// <summary>Returns true when the head still fits at <paramref name="shadow"/> with <paramref name="job"/> started now.</summary>
    private bool HeadFitsBeside(PendingJob head, PendingJob job, Evaluation outcome, TimeSpan shadow)
    {
        var projected = cluster.Clone();
        var projectedLedger = ledger.Clone();
        var worker = Pinned(job.Job, outcome.Flavor);
        foreach (var placed in outcome.Placements!)
        {
            projected.Assign(worker, placed);
        }

        if (job.Job.TotalGpuMilli > 0)
        {
            projectedLedger.Charge(job.ClusterQueue, outcome.Flavor, job.Job.TotalGpuMilli);
        }

        return FitsOn(projected, projectedLedger, head) || Reserve(head, projected, projectedLedger, shadow) is not null;
    }

    /// <summary>Returns true when <paramref name="head"/> has quota and room on the given projected state.</summary>
    private bool FitsOn(ClusterState projected, QuotaLedger projectedLedger, PendingJob head)
    {
        var job = head.Job;
        if (job.TotalGpuMilli == 0)
        {
            return Probe(projected, job, string.Empty);
        }

        foreach (var quota in projectedLedger.Queue(head.ClusterQueue).Flavors)
        {
            if (job.Worker.AcceptsModel(quota.Flavor)
                && projectedLedger.Check(head.ClusterQueue, quota.Flavor, job.TotalGpuMilli) is QuotaFit.WithinNominal or QuotaFit.Borrowing
                && Probe(projected, job, quota.Flavor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Places a gang on a projected cluster and takes it off again; returns whether it fitted.</summary>
    private bool Probe(ClusterState projected, JobSpec job, string flavor)
    {
        if (PlaceGang(projected, job, flavor) is not { } placements)
        {
            return false;
        }

        foreach (var placed in placements)
        {
            projected.Release(Pinned(job, flavor), placed);
        }

        return true;
    }
}
