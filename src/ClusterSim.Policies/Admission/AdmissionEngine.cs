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
public sealed class AdmissionEngine
{
    private readonly ClusterState cluster;
    private readonly QuotaLedger ledger;
    private readonly PlacementEngine placement;
    private readonly IReadOnlyDictionary<string, string> clusterQueueByNamespace;
    private readonly AdmissionSettings settings;
    private readonly SortedDictionary<string, SortedSet<PendingJob>> pendingByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> activeByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pipeline, string Partition), int> activeByPartition = [];
    private readonly HashSet<(string Pipeline, string Partition)> completedPartitions = [];
    private long nextSequence;

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
            pendingByQueue.Add(queue.Name, new SortedSet<PendingJob>(PendingOrder.Instance));
        }
    }

    /// <summary>Number of jobs waiting in <paramref name="clusterQueue"/>.</summary>
    public int PendingCount(string clusterQueue) => pendingByQueue[clusterQueue].Count;

    /// <summary>Puts <paramref name="job"/> in the ClusterQueue its namespace maps to.</summary>
    /// <exception cref="ArgumentException">No LocalQueue serves the job's namespace.</exception>
    public PendingJob Enqueue(JobSpec job)
    {
        if (!clusterQueueByNamespace.TryGetValue(job.Namespace, out var queue))
        {
            throw new ArgumentException($"Job {job.Id} is in namespace '{job.Namespace}', which no LocalQueue serves.", nameof(job));
        }

        var pending = new PendingJob(job, queue, nextSequence++);
        pendingByQueue[queue].Add(pending);
        return pending;
    }

    /// <summary>Admits every job that can start now.</summary>
    public AdmissionCycle RunCycle()
    {
        var admitted = new List<Admission>();
        var skipped = new List<PendingJob>();
        var holds = new List<(PendingJob, Hold)>();
        while (true)
        {
            var candidates = new List<(PendingJob Job, string Flavor, bool Borrowing)>();
            foreach (var (_, pending) in pendingByQueue)
            {
                if (FindCandidate(pending, skipped, holds) is { } candidate)
                {
                    candidates.Add(candidate);
                }
            }

            if (candidates.Count == 0)
            {
                return new AdmissionCycle(admitted, skipped, holds);
            }

            candidates.Sort((a, b) =>
                a.Borrowing != b.Borrowing ? a.Borrowing.CompareTo(b.Borrowing) : PendingOrder.Instance.Compare(a.Job, b.Job));
            foreach (var (job, flavor, _) in candidates)
            {
                // Earlier admissions in this round used quota and nodes, so both are checked again.
                var fit = ledger.Check(job.ClusterQueue, flavor, job.Job.TotalGpuMilli);
                if (fit is QuotaFit.Exceeded or QuotaFit.NoSuchFlavor || PlaceGang(job.Job, flavor) is not { } placements)
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
        var job = admission.Job;
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
        }

        if (job.Partition.Length > 0)
        {
            var key = (job.Pipeline, job.Partition);
            activeByPartition[key]--;
            if (succeeded)
            {
                completedPartitions.Add(key);
            }
        }
    }

    private (PendingJob, string, bool)? FindCandidate(SortedSet<PendingJob> pending, List<PendingJob> skipped, List<(PendingJob, Hold)> holds)
    {
        List<PendingJob>? toSkip = null;
        (PendingJob, string, bool)? candidate = null;
        foreach (var job in pending)
        {
            if (ShouldSkip(job.Job))
            {
                (toSkip ??= []).Add(job);
                continue;
            }

            var outcome = Evaluate(job);
            if (outcome.Hold is null)
            {
                candidate = (job, outcome.Flavor, outcome.Borrowing);
                break;
            }

            // Only a change of reason is recorded; the detail's numbers change every cycle.
            if (job.Hold?.Reason != outcome.Hold.Reason)
            {
                job.Hold = outcome.Hold;
                holds.Add((job, outcome.Hold));
            }

            if (ledger.Queue(job.ClusterQueue).Strategy == QueueingStrategy.StrictFifo)
            {
                break;
            }
        }

        foreach (var job in toSkip ?? [])
        {
            pending.Remove(job);
            skipped.Add(job);
        }

        return candidate;
    }

    private bool ShouldSkip(JobSpec job) =>
        settings.PartitionLock && !settings.RerunCompletedPartitions && job.Kind == JobKind.Backfill
        && job.Partition.Length > 0 && completedPartitions.Contains((job.Pipeline, job.Partition));

    private (Hold? Hold, string Flavor, bool Borrowing) Evaluate(PendingJob pending)
    {
        var job = pending.Job;
        if (job.ConcurrencyGroup.Length > 0 && settings.ConcurrencyLimits.TryGetValue(job.ConcurrencyGroup, out var limit)
            && activeByGroup.GetValueOrDefault(job.ConcurrencyGroup) >= limit)
        {
            return (new Hold(HoldReason.ConcurrencyLimit, $"{job.ConcurrencyGroup} has {limit} active run(s), its limit"), string.Empty, false);
        }

        if (settings.PartitionLock && job.Partition.Length > 0 && activeByPartition.GetValueOrDefault((job.Pipeline, job.Partition)) > 0)
        {
            return (new Hold(HoldReason.PartitionLocked, $"partition {job.Pipeline}/{job.Partition} has an active run"), string.Empty, false);
        }

        if (job.TotalGpuMilli == 0)
        {
            return PlaceGang(job, string.Empty) is null
                ? (new Hold(HoldReason.NoNodeFits, NoFitDetail(job, string.Empty)), string.Empty, false)
                : (null, string.Empty, false);
        }

        var queue = ledger.Queue(pending.ClusterQueue);
        Hold? noFit = null, exhausted = null, inadmissible = null;
        foreach (var quota in queue.Flavors)
        {
            if (!job.Worker.AcceptsModel(quota.Flavor))
            {
                continue;
            }

            if (job.TotalGpuMilli > ledger.MaxUsable(queue.Name, quota.Flavor) || !AnyNodeCouldHold(job, quota.Flavor))
            {
                // Waiting cannot help with this flavor.
                inadmissible ??= new Hold(HoldReason.Inadmissible,
                    $"{queue.Name} can never use {Gpus(job.TotalGpuMilli)} {quota.Flavor} GPUs, or no {quota.Flavor} node is large enough for one worker");
                continue;
            }

            var fit = ledger.Check(queue.Name, quota.Flavor, job.TotalGpuMilli);
            if (fit is QuotaFit.Exceeded or QuotaFit.NoSuchFlavor)
            {
                exhausted ??= new Hold(HoldReason.QuotaExhausted,
                    $"{queue.Name} uses {Gpus(ledger.Usage(queue.Name, quota.Flavor))} of its {Gpus(quota.NominalMilli)} nominal {quota.Flavor} GPUs, and {Gpus(job.TotalGpuMilli)} more do not fit its quota{(queue.Cohort.Length > 0 ? " or what it may borrow" : string.Empty)}");
                continue;
            }

            if (PlaceGang(job, quota.Flavor) is { } placements)
            {
                foreach (var worker in placements)
                {
                    cluster.Release(Pinned(job, quota.Flavor), worker);
                }

                return (null, quota.Flavor, fit == QuotaFit.Borrowing);
            }

            noFit ??= new Hold(HoldReason.NoNodeFits, NoFitDetail(job, quota.Flavor));
        }

        // The hold names the flavor closest to working: placement, then quota, then never.
        var hold = noFit ?? exhausted ?? inadmissible
            ?? new Hold(HoldReason.Inadmissible, $"{queue.Name} has no quota for any GPU model the job accepts ('{job.Worker.GpuModels}')");
        return (hold, string.Empty, false);
    }

    private Admission Admit(PendingJob pending, string flavor, IReadOnlyList<Placement> placements, bool borrowing)
    {
        var job = pending.Job;
        pendingByQueue[pending.ClusterQueue].Remove(pending);
        if (job.TotalGpuMilli > 0)
        {
            ledger.Charge(pending.ClusterQueue, flavor, job.TotalGpuMilli);
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

        return new Admission(job, pending.ClusterQueue, flavor, placements, borrowing);
    }

    /// <summary>
    /// Places every worker, booking each on the cluster. When one cannot be placed, the ones
    /// already booked are released and null is returned: a gang starts whole or not at all.
    /// </summary>
    private List<Placement>? PlaceGang(JobSpec job, string flavor)
    {
        var worker = Pinned(job, flavor);
        var placements = new List<Placement>(job.Workers);
        for (var i = 0; i < job.Workers; i++)
        {
            var decision = placement.Decide(cluster, worker);
            if (decision.Placement is not { } placed)
            {
                foreach (var booked in placements)
                {
                    cluster.Release(worker, booked);
                }

                return null;
            }

            cluster.Assign(worker, placed);
            placements.Add(placed);
        }

        return placements;
    }

    /// <summary>Returns true when some node of <paramref name="flavor"/>, empty, could hold one worker.</summary>
    private bool AnyNodeCouldHold(JobSpec job, string flavor)
    {
        var worker = job.Worker;
        foreach (var node in cluster.Nodes)
        {
            var spec = node.Spec;
            if (spec.GpuModel == flavor && spec.GpuCount >= worker.GpuCount && spec.CpuMilli >= worker.CpuMilli && spec.MemoryMib >= worker.MemoryMib)
            {
                return true;
            }
        }

        return false;
    }

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

            var bySubmit = x.Job.SubmitTime.CompareTo(y.Job.SubmitTime);
            return bySubmit != 0 ? bySubmit : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
