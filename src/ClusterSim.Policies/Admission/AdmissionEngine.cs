using ClusterSim.Core;
using ClusterSim.Core.Workloads;

namespace ClusterSim.Policies.Admission;

/// <summary>
/// Admits pending jobs with Kueue's model: a namespace's LocalQueue feeds a ClusterQueue; a job
/// needs quota in one of the queue's flavors and a placement of all its workers at once.
/// Concurrency limits and the partition lock are checked first.
/// </summary>
/// <remarks>
/// Each cycle runs rounds. In a round every ClusterQueue offers one candidate: its head under
/// StrictFIFO, or its first admissible job under BestEffortFIFO. Candidates are admitted in the
/// order: within nominal quota before borrowing, then higher priority, then earlier submission.
/// Rounds repeat until nothing more is admitted. The engine changes the cluster, the ledger and
/// its own counters only through admissions and <see cref="Complete"/>.
/// </remarks>
public sealed partial class AdmissionEngine
{
    private readonly ClusterState cluster;
    private readonly QuotaLedger ledger;
    private readonly PlacementEngine placement;
    private readonly IReadOnlyDictionary<string, string> clusterQueueByNamespace;
    private readonly AdmissionSettings settings;
    private readonly SortedDictionary<string, PendingQueue> pendingByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> activeByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pipeline, string Partition), int> activeByPartition = [];
    private readonly HashSet<(string Pipeline, string Partition)> completedPartitions = [];
    private readonly Dictionary<string, List<PendingJob>> parkedByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pipeline, string Partition), List<PendingJob>> parkedByPartition = [];
    private readonly Dictionary<string, int> parkedByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Cpu, long Memory, int Gpus, string Flavor), bool> fitsEmptyNode = [];
    private readonly Dictionary<string, (Admission Admission, TimeSpan End, long Sequence)> running = new(StringComparer.Ordinal);
    private List<(PendingJob, TimeSpan)> reservations = [];
    private List<Eviction> evictions = [];

    // Victims whose eviction was decided but whose resources are not yet released, and for each
    // preemptor the victims evicted for it, now and before.
    private readonly HashSet<string> evicting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> pendingEvictionsByPreemptor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> evictedForPreemptor = new(StringComparer.Ordinal);
    private TimeSpan currentTime;
    private long nextSequence;

    // Grows with every admission and completion, so a placement found earlier in a round can be
    // reused when nothing changed since.
    private long clusterVersion;

    public AdmissionEngine(ClusterState cluster, QuotaLedger ledger, PlacementEngine placement,
        IReadOnlyDictionary<string, string> clusterQueueByNamespace, AdmissionSettings settings)
    {
        this.cluster = cluster;
        this.ledger = ledger;
        this.placement = placement;
        this.clusterQueueByNamespace = clusterQueueByNamespace;
        this.settings = settings;
        foreach (var queue in ledger.Queues)
        {
            pendingByQueue.Add(queue.Name, new PendingQueue(queue.Strategy, PendingOrder.Instance));
        }
    }

    /// <summary>Number of jobs waiting in <paramref name="clusterQueue"/>.</summary>
    public int PendingCount(string clusterQueue) => pendingByQueue[clusterQueue].Count + parkedByQueue.GetValueOrDefault(clusterQueue);

    /// <summary>
    /// Puts <paramref name="job"/> in the ClusterQueue its namespace maps to. A requeued job
    /// gives <paramref name="queueTime"/>, its eviction time, which orders it as Kueue does.
    /// </summary>
    /// <exception cref="ArgumentException">No LocalQueue serves the job's namespace.</exception>
    public PendingJob Enqueue(JobSpec job, TimeSpan? queueTime = null)
    {
        if (!clusterQueueByNamespace.TryGetValue(job.Namespace, out var queue))
        {
            throw new ArgumentException($"Job {job.Id} is in namespace '{job.Namespace}', which no LocalQueue serves.", nameof(job));
        }

        var pending = new PendingJob(job, queue, nextSequence++, queueTime ?? job.SubmitTime);
        pendingByQueue[queue].Add(pending);
        return pending;
    }

    /// <summary>
    /// Admits every job that can start at <paramref name="now"/>. The time matters only to EASY
    /// backfill, which projects when running jobs finish.
    /// </summary>
    public AdmissionCycle RunCycle(TimeSpan now = default)
    {
        currentTime = now;
        var admitted = new List<Admission>();
        var skipped = new List<PendingJob>();
        var holds = new List<(PendingJob, Hold)>();
        reservations = [];
        evictions = [];
        while (true)
        {
            var candidates = new List<Candidate>();
            foreach (var (_, pending) in pendingByQueue)
            {
                if (FindCandidate(pending, skipped, holds) is { } candidate)
                {
                    candidates.Add(candidate);
                }
            }

            if (candidates.Count == 0)
            {
                return new AdmissionCycle(admitted, skipped, holds, reservations, evictions);
            }

            candidates.Sort((a, b) =>
                a.Borrowing != b.Borrowing ? a.Borrowing.CompareTo(b.Borrowing) : PendingOrder.Instance.Compare(a.Job, b.Job));
            foreach (var candidate in candidates)
            {
                // Earlier admissions in this round used quota and nodes, so both are checked again;
                // the placement found while evaluating stays valid only if nothing changed since.
                var (job, flavor) = (candidate.Job, candidate.Flavor);
                var fit = ledger.Check(job.ClusterQueue, flavor, job.Job.TotalGpuMilli);
                if (fit is QuotaFit.Exceeded or QuotaFit.NoSuchFlavor)
                {
                    continue;
                }

                var placements = candidate.Version == clusterVersion ? Book(job.Job, flavor, candidate.Placements) : PlaceGang(job.Job, flavor);
                if (placements is null)
                {
                    continue;
                }

                admitted.Add(Admit(job, flavor, placements, fit == QuotaFit.Borrowing));
            }
        }
    }

    /// <summary>Releases the quota, nodes and counters of a finished or evicted job.</summary>
    public void Complete(Admission admission, bool succeeded)
    {
        clusterVersion++;
        var job = admission.Job;
        running.Remove(job.Id);
        if (evicting.Remove(job.Id))
        {
            foreach (var (preemptor, victims) in pendingEvictionsByPreemptor.Where(p => p.Value.Contains(job.Id)).ToList())
            {
                victims.Remove(job.Id);
                if (victims.Count == 0)
                {
                    pendingEvictionsByPreemptor.Remove(preemptor);
                }
            }
        }
        foreach (var worker in admission.Placements)
        {
            cluster.Release(Pinned(job, admission.Flavor), worker);
        }

        if (job.TotalGpuMilli > 0)
        {
            ledger.Release(admission.ClusterQueue, admission.Flavor, job.TotalGpuMilli);
        }

        if (job.ConcurrencyGroup.Length > 0)
        {
            activeByGroup[job.ConcurrencyGroup]--;
            Unpark(parkedByGroup, job.ConcurrencyGroup);
        }

        if (job.Partition.Length > 0)
        {
            var key = (job.Pipeline, job.Partition);
            activeByPartition[key]--;
            if (succeeded)
            {
                completedPartitions.Add(key);
            }

            Unpark(parkedByPartition, key);
        }
    }

    /// <summary>
    /// Finds the queue's first job in queue order that can be admitted now. Under StrictFIFO
    /// only the head is considered. Otherwise each request shape's first job stands for its
    /// group: jobs held by a concurrency limit or the partition lock wait aside until a
    /// completion releases them, and a quota or placement hold applies to the whole group.
    /// </summary>
    private Candidate? FindCandidate(PendingQueue pending, List<PendingJob> skipped, List<(PendingJob, Hold)> holds)
    {
        if (pending.Strategy == QueueingStrategy.EasyBackfill)
        {
            return FindEasyCandidate(pending, skipped, holds);
        }

        if (pending.Strategy == QueueingStrategy.StrictFifo)
        {
            return ResolveHead(pending, skipped, holds, out _);
        }

        Candidate? candidate = null;
        PendingJob? firstBlocked = null;
        foreach (var group in pending.Groups.ToList())
        {
            while (group.Jobs.Count > 0)
            {
                var head = group.Jobs.Min!;
                if (candidate is not null && PendingOrder.Instance.Compare(head, candidate.Job) > 0)
                {
                    // An earlier job of another shape is admissible already.
                    break;
                }

                if (ShouldSkip(head.Job))
                {
                    pending.Remove(head);
                    skipped.Add(head);
                    continue;
                }

                var outcome = Evaluate(head);
                if (outcome.Reason is not { } reason)
                {
                    candidate = new Candidate(head, outcome.Flavor, outcome.Borrowing, outcome.Placements!, clusterVersion);
                    break;
                }

                RecordHold(head, reason, outcome.Flavor, holds);
                if (reason is HoldReason.ConcurrencyLimit or HoldReason.PartitionLocked)
                {
                    // Only a completion in the same group or partition can release this hold.
                    pending.Remove(head);
                    Park(head);
                    continue;
                }

                if (firstBlocked is null || PendingOrder.Instance.Compare(head, firstBlocked) < 0)
                {
                    firstBlocked = head;
                }

                // Every job of this shape meets the same quota and placement, so all share the hold.
                if (group.HasUnheldJobs || group.LastReason != reason)
                {
                    foreach (var member in group.Jobs)
                    {
                        RecordHold(member, reason, outcome.Flavor, holds);
                    }
                }

                group.HasUnheldJobs = false;
                group.LastReason = reason;
                break;
            }
        }

        // Only the earliest blocked job may preempt, so victims go to the job first in line.
        if (candidate is null && firstBlocked is not null)
        {
            TryPreempt(firstBlocked, firstBlocked.Hold!.Reason, holds);
        }

        return candidate;
    }

    /// <summary>
    /// Drops heads whose partition already completed, then evaluates the queue's head: returns
    /// it as a candidate when it can start, or records its hold, lets it preempt, and returns it
    /// through <paramref name="blockedHead"/>.
    /// </summary>
    private Candidate? ResolveHead(PendingQueue pending, List<PendingJob> skipped, List<(PendingJob, Hold)> holds, out PendingJob? blockedHead)
    {
        blockedHead = null;
        while (pending.Head() is { } head)
        {
            if (ShouldSkip(head.Job))
            {
                pending.Remove(head);
                skipped.Add(head);
                continue;
            }

            var outcome = Evaluate(head);
            if (outcome.Reason is not { } reason)
            {
                return new Candidate(head, outcome.Flavor, outcome.Borrowing, outcome.Placements!, clusterVersion);
            }

            RecordHold(head, reason, outcome.Flavor, holds);
            TryPreempt(head, reason, holds);
            blockedHead = head;
            return null;
        }

        return null;
    }

    private string DescribeQuotaHold(ClusterQueueSpec queue, string flavor, JobSpec job)
    {
        var usage = ledger.Usage(queue.Name, flavor);
        var nominal = queue.Flavors.First(f => f.Flavor == flavor).NominalMilli;
        var prefix = $"{queue.Name} uses {Gpus(usage)} of its {Gpus(nominal)} nominal {flavor} GPUs";
        if (queue.Cohort.Length > 0 && usage + job.TotalGpuMilli <= nominal)
        {
            // The request is within the queue's own quota, but other queues borrow it.
            return $"{prefix}; {Gpus(job.TotalGpuMilli)} more fit that quota, but other queues of cohort {queue.Cohort} borrow it until their jobs finish or are reclaimed";
        }

        return $"{prefix}, and {Gpus(job.TotalGpuMilli)} more do not fit its quota{(queue.Cohort.Length > 0 ? " or what it may borrow" : string.Empty)}";
    }

    /// <summary>Records a hold when its reason differs from the job's last one; the detail's numbers change every cycle.</summary>
    private void RecordHold(PendingJob job, HoldReason reason, string flavor, List<(PendingJob, Hold)> holds)
    {
        // While its victims are being evicted, a preemptor stays held as preempting.
        if (job.Hold?.Reason == HoldReason.Preempting && pendingEvictionsByPreemptor.ContainsKey(job.Job.Id))
        {
            return;
        }

        if (job.Hold?.Reason != reason)
        {
            job.Hold = Describe(job, reason, flavor);
            holds.Add((job, job.Hold));
        }
    }

    private bool ShouldSkip(JobSpec job) =>
        settings.PartitionLock && !settings.RerunCompletedPartitions && job.Kind == JobKind.Backfill
        && job.Partition.Length > 0 && completedPartitions.Contains((job.Pipeline, job.Partition));

    /// <summary>
    /// Decides whether <paramref name="pending"/> can be admitted now. A hold comes back as its
    /// reason and the flavor it concerns; <see cref="Describe"/> turns it into text only when a
    /// job's hold changes, because most evaluations repeat the previous hold.
    /// </summary>
    private Evaluation Evaluate(PendingJob pending)
    {
        var job = pending.Job;
        if (job.ConcurrencyGroup.Length > 0 && settings.ConcurrencyLimits.TryGetValue(job.ConcurrencyGroup, out var limit)
            && activeByGroup.GetValueOrDefault(job.ConcurrencyGroup) >= limit)
        {
            return Evaluation.Held(HoldReason.ConcurrencyLimit, string.Empty);
        }

        if (settings.PartitionLock && job.Partition.Length > 0 && activeByPartition.GetValueOrDefault((job.Pipeline, job.Partition)) > 0)
        {
            return Evaluation.Held(HoldReason.PartitionLocked, string.Empty);
        }

        if (job.TotalGpuMilli == 0)
        {
            return TryPlace(job, string.Empty) is { } cpuOnly
                ? new Evaluation(null, string.Empty, false, cpuOnly)
                : Evaluation.Held(HoldReason.NoNodeFits, string.Empty);
        }

        var queue = ledger.Queue(pending.ClusterQueue);
        string? noFit = null, exhausted = null, inadmissible = null;
        foreach (var quota in queue.Flavors)
        {
            if (!job.Worker.AcceptsModel(quota.Flavor))
            {
                continue;
            }

            if (job.TotalGpuMilli > ledger.MaxUsable(queue.Name, quota.Flavor) || !AnyNodeCouldHold(job, quota.Flavor))
            {
                // Waiting cannot help with this flavor.
                inadmissible ??= quota.Flavor;
                continue;
            }

            var fit = ledger.Check(queue.Name, quota.Flavor, job.TotalGpuMilli);
            if (fit is QuotaFit.Exceeded or QuotaFit.NoSuchFlavor)
            {
                exhausted ??= quota.Flavor;
                continue;
            }

            if (TryPlace(job, quota.Flavor) is { } placements)
            {
                return new Evaluation(null, quota.Flavor, fit == QuotaFit.Borrowing, placements);
            }

            noFit ??= quota.Flavor;
        }

        // The hold names the flavor closest to working: placement, then quota, then never.
        return noFit is not null ? Evaluation.Held(HoldReason.NoNodeFits, noFit)
            : exhausted is not null ? Evaluation.Held(HoldReason.QuotaExhausted, exhausted)
            : Evaluation.Held(HoldReason.Inadmissible, inadmissible ?? string.Empty);
    }

    /// <summary>Writes the sentence behind a hold, with the numbers that explain it.</summary>
    private Hold Describe(PendingJob pending, HoldReason reason, string flavor)
    {
        var job = pending.Job;
        var queue = ledger.Queue(pending.ClusterQueue);
        var detail = reason switch
        {
            HoldReason.ConcurrencyLimit =>
                $"{job.ConcurrencyGroup} has {settings.ConcurrencyLimits[job.ConcurrencyGroup]} active run(s), its limit",
            HoldReason.PartitionLocked => $"partition {job.Pipeline}/{job.Partition} has an active run",
            HoldReason.Preempting => $"evicting {string.Join(", ", pendingEvictionsByPreemptor.GetValueOrDefault(job.Id) ?? [])} to make room",
            HoldReason.NoNodeFits => NoFitDetail(job, flavor),
            HoldReason.QuotaExhausted => DescribeQuotaHold(queue, flavor, job),
            _ when flavor.Length > 0 =>
                $"{queue.Name} can never use {Gpus(job.TotalGpuMilli)} {flavor} GPUs, or no {flavor} node is large enough for one worker",
            _ => $"{queue.Name} has no quota for any GPU model the job accepts ('{job.Worker.GpuModels}')",
        };
        return new Hold(reason, detail);
    }

    /// <summary>Finds a placement for every worker without keeping it booked; null when the gang does not fit.</summary>
    private List<Placement>? TryPlace(JobSpec job, string flavor)
    {
        var worker = Pinned(job, flavor);

        // Whole-GPU workers need that many fully free devices of the flavor: a count rules out
        // a full cluster without scanning its nodes.
        if (worker.GpuMilli == GpuDevice.MilliCapacity && cluster.FullyFreeGpus(flavor) < (long)worker.GpuCount * job.Workers)
        {
            return null;
        }

        var placements = PlaceGang(job, flavor);
        if (placements is not null)
        {
            foreach (var placed in placements)
            {
                cluster.Release(worker, placed);
            }
        }

        return placements;
    }

    /// <summary>Books placements found earlier on an unchanged cluster.</summary>
    private List<Placement> Book(JobSpec job, string flavor, List<Placement> placements)
    {
        var worker = Pinned(job, flavor);
        foreach (var placed in placements)
        {
            cluster.Assign(worker, placed);
        }

        return placements;
    }

    private Admission Admit(PendingJob pending, string flavor, IReadOnlyList<Placement> placements, bool borrowing)
    {
        clusterVersion++;
        var job = pending.Job;
        var admission = new Admission(job, pending.ClusterQueue, flavor, placements, borrowing);
        running[job.Id] = (admission, currentTime + job.Duration, pending.Sequence);
        pendingByQueue[pending.ClusterQueue].Remove(pending);
        Activate(job, pending.ClusterQueue, flavor);
        return admission;
    }

    /// <summary>Charges a started job's GPUs to its queue and counts it in its concurrency group and partition.</summary>
    private void Activate(JobSpec job, string clusterQueue, string flavor)
    {
        if (job.TotalGpuMilli > 0)
        {
            ledger.Charge(clusterQueue, flavor, job.TotalGpuMilli);
        }

        if (job.ConcurrencyGroup.Length > 0)
        {
            activeByGroup[job.ConcurrencyGroup] = activeByGroup.GetValueOrDefault(job.ConcurrencyGroup) + 1;
        }

        if (job.Partition.Length > 0)
        {
            var key = (job.Pipeline, job.Partition);
            activeByPartition[key] = activeByPartition.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>
    /// Places every worker, booking each on the cluster. When one cannot be placed, the ones
    /// already booked are released and null is returned: a gang starts whole or not at all.
    /// </summary>
    private List<Placement>? PlaceGang(JobSpec job, string flavor) => PlaceGang(cluster, job, flavor);

    private List<Placement>? PlaceGang(ClusterState target, JobSpec job, string flavor)
    {
        var worker = Pinned(job, flavor);
        var placements = new List<Placement>(job.Workers);
        for (var i = 0; i < job.Workers; i++)
        {
            var decision = placement.Decide(target, worker);
            if (decision.Placement is not { } placed)
            {
                foreach (var booked in placements)
                {
                    target.Release(worker, booked);
                }

                return null;
            }

            target.Assign(worker, placed);
            placements.Add(placed);
        }

        return placements;
    }

    /// <summary>Returns true when some node of <paramref name="flavor"/>, empty, could hold one worker.</summary>
    private bool AnyNodeCouldHold(JobSpec job, string flavor)
    {
        var worker = job.Worker;
        var key = (worker.CpuMilli, worker.MemoryMib, worker.GpuCount, flavor);
        if (!fitsEmptyNode.TryGetValue(key, out var fits))
        {
            fits = cluster.NodeArray.Any(node => node.Spec.GpuModel == flavor && node.Spec.GpuCount >= worker.GpuCount
                && node.Spec.CpuMilli >= worker.CpuMilli && node.Spec.MemoryMib >= worker.MemoryMib);
            fitsEmptyNode[key] = fits;
        }

        return fits;
    }

    private void Park(PendingJob job)
    {
        var list = job.Hold!.Reason == HoldReason.ConcurrencyLimit
            ? parkedByGroup.TryGetValue(job.Job.ConcurrencyGroup, out var byGroup) ? byGroup : parkedByGroup[job.Job.ConcurrencyGroup] = []
            : parkedByPartition.TryGetValue((job.Job.Pipeline, job.Job.Partition), out var byPartition) ? byPartition : parkedByPartition[(job.Job.Pipeline, job.Job.Partition)] = [];
        list.Add(job);
        parkedByQueue[job.ClusterQueue] = parkedByQueue.GetValueOrDefault(job.ClusterQueue) + 1;
    }

    /// <summary>Returns parked jobs to their queues; they keep their place, because the queue orders by sequence.</summary>
    private void Unpark<TKey>(Dictionary<TKey, List<PendingJob>> parked, TKey key)
        where TKey : notnull
    {
        if (!parked.Remove(key, out var jobs))
        {
            return;
        }

        foreach (var job in jobs)
        {
            pendingByQueue[job.ClusterQueue].Add(job);
            parkedByQueue[job.ClusterQueue]--;
        }
    }

    /// <summary>The result of evaluating one job: a hold reason, or a flavor and placement to admit with.</summary>
    private readonly record struct Evaluation(HoldReason? Reason, string Flavor, bool Borrowing, List<Placement>? Placements)
    {
        public static Evaluation Held(HoldReason reason, string flavor) => new(reason, flavor, false, null);
    }

    /// <summary>A ClusterQueue's job that can be admitted now, with the placement found for it.</summary>
    private sealed record Candidate(PendingJob Job, string Flavor, bool Borrowing, List<Placement> Placements, long Version);

    /// <summary>The worker request restricted to one GPU model, so placement uses only nodes of that flavor.</summary>
    private static PodSpec Pinned(JobSpec job, string flavor) =>
        flavor.Length == 0 || job.Worker.GpuModels == flavor ? job.Worker : job.Worker with { GpuModels = flavor };

    private static string NoFitDetail(JobSpec job, string flavor) =>
        $"no set of {(flavor.Length == 0 ? string.Empty : flavor + " ")}nodes has room for {job.Workers} worker(s) of {Gpus(job.Worker.TotalGpuMilli)} GPU(s), {job.Worker.CpuMilli} millicores and {job.Worker.MemoryMib} MiB at once";

    private static string Gpus(long milli) =>
        (milli / (double)GpuDevice.MilliCapacity).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Queue order: higher priority first, then earlier submission, then submission order.</summary>
    private sealed class PendingOrder : IComparer<PendingJob>
    {
        public static readonly PendingOrder Instance = new();

        public int Compare(PendingJob? x, PendingJob? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byPriority = y.Job.Priority.CompareTo(x.Job.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var bySubmit = x.QueueTime.CompareTo(y.QueueTime);
            return bySubmit != 0 ? bySubmit : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
