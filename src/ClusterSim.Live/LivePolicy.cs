using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Policies.Admission;
using ClusterSim.Scenarios;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Live;

/// <summary>What live mode does to one Job in a cycle.</summary>
public enum LiveAction
{
    Admit,
    Hold,
    Preempt,
}

/// <summary>One decision: admit on <paramref name="Nodes"/> (one per worker), hold with a reason, or preempt.</summary>
/// <param name="Action">Admit, hold or preempt.</param>
/// <param name="Job">The Job concerned.</param>
/// <param name="Nodes">For an admission, the node of each worker in order; empty otherwise.</param>
/// <param name="Reason">For a hold, its reason as written in holds.csv (for example quota_exhausted); for a preemption, "preempted".</param>
/// <param name="Detail">The sentence behind the reason.</param>
public sealed record LiveDecision(LiveAction Action, LiveJob Job, IReadOnlyList<string> Nodes, string Reason, string Detail);

/// <summary>The decisions of one cycle, with what the cycle saw.</summary>
/// <param name="Decisions">Admissions, holds and preemptions, in the order they are carried out.</param>
/// <param name="Waiting">Suspended Jobs considered for admission.</param>
/// <param name="Running">Admitted Jobs booked on their nodes.</param>
/// <param name="Finished">Jobs that succeeded or failed.</param>
/// <param name="Warnings">Running Jobs that could not be booked in full, each with the reason.</param>
public sealed record LivePlan(IReadOnlyList<LiveDecision> Decisions, int Waiting, int Running, int Finished, IReadOnlyList<string> Warnings)
{
    /// <summary>Whole GPUs left free once running Jobs, other pods and this cycle's admissions are counted.</summary>
    public long FreeGpus { get; init; }

    /// <summary>Allocatable GPUs of the schedulable nodes.</summary>
    public long TotalGpus { get; init; }
}

/// <summary>
/// The simulator's admission engine applied to the cluster as it is now. Each cycle starts from
/// what the cluster records, never from memory: running Jobs are booked on the nodes their
/// admission names, waiting Jobs queue in submission order, and the engine's cycle decides. A
/// restarted live mode therefore decides exactly as one that never stopped.
/// </summary>
public sealed class LivePolicy
{
    public const string InvalidReason = "invalid";
    public const string InadmissibleReason = "inadmissible";
    public const string PartitionCompletedReason = "partition_completed";
    public const string PreemptedReason = "preempted";

    private readonly Scenario config;
    private readonly string configPath;

    /// <param name="config">The queues, quotas, admission settings, placement policy and seed to decide with.</param>
    /// <param name="configPath">The file the configuration came from, named in hold reasons.</param>
    public LivePolicy(Scenario config, string configPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        this.configPath = configPath;
    }

    public Scenario Config => config;

    /// <summary>Decides every managed Job at <paramref name="now"/> on <paramref name="nodes"/>, whose free room leaves out pods of managed Jobs.</summary>
    public LivePlan Decide(IReadOnlyList<LiveNode> nodes, IReadOnlyList<LiveJob> jobs, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(jobs);
        var warnings = new List<string>();
        var decisions = new List<LiveDecision>();
        var cluster = new ClusterState([.. nodes.Select(n => n.Free)]);
        var waiting = jobs.Where(j => j.State == LiveJobState.Waiting).ToList();
        var running = jobs.Where(j => j.State == LiveJobState.Running).ToList();
        var target = TargetWorkload.FromPods([.. waiting.Concat(running).Select(j => j.Spec.Worker)]);
        var random = new RandomStreams(config.Seed).Create("placement");
        var placement = new PlacementEngine(
            PlacementPolicyFactory.Create(config.PlacementPolicy, random, target, ScoreScale.For(nodes.Select(n => n.Spec))),
            NodeRanking.Identity(cluster.Nodes.Count));
        var engine = new AdmissionEngine(cluster, new QuotaLedger(config.ClusterQueues), placement, config.ClusterQueueByNamespace, config.Admission);

        foreach (var done in jobs.Where(j => j.State == LiveJobState.Succeeded && j.Spec.Partition.Length > 0))
        {
            engine.RestoreCompletedPartition(done.Spec.Pipeline, done.Spec.Partition);
        }

        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cluster.Nodes.Count; i++)
        {
            nodeIndex[cluster.Nodes[i].Name] = i;
        }

        var byId = jobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        foreach (var job in running.OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            Restore(engine, cluster, nodeIndex, job, now, warnings);
        }

        foreach (var job in waiting.OrderBy(j => j.QueueTime).ThenBy(j => j.Order).ThenBy(j => j.Key, StringComparer.Ordinal))
        {
            if (job.Problem is { } problem)
            {
                decisions.Add(new LiveDecision(LiveAction.Hold, job, [], InvalidReason, problem));
            }
            else if (!config.ClusterQueueByNamespace.TryGetValue(job.Spec.Namespace, out var clusterQueue))
            {
                decisions.Add(new LiveDecision(LiveAction.Hold, job, [], InadmissibleReason,
                    $"namespace {job.Spec.Namespace} has no LocalQueue in {configPath}; add it under queues.localQueues"));
            }
            else if (job.Queue.Length > 0 && job.Queue != clusterQueue)
            {
                decisions.Add(new LiveDecision(LiveAction.Hold, job, [], InadmissibleReason,
                    $"the {JobActions.QueueLabel} label names ClusterQueue '{job.Queue}', but namespace {job.Spec.Namespace} is served by '{clusterQueue}'; relabel the Job"));
            }
            else
            {
                engine.Enqueue(job.Spec, LiveJob.ToEngineTime(job.QueueTime));
            }
        }

        var cycle = engine.RunCycle(LiveJob.ToEngineTime(now));
        foreach (var admitted in cycle.Admitted)
        {
            var nodesOfWorkers = admitted.Placements.Select(p => cluster.Nodes[p.NodeIndex].Name).ToList();
            decisions.Add(new LiveDecision(LiveAction.Admit, byId[admitted.Job.Id], nodesOfWorkers, string.Empty,
                admitted.Borrowed ? $"borrowing cohort quota of {admitted.Flavor}" : string.Empty));
        }

        // A job's hold may change more than once within a cycle, so only its last hold is written.
        var admittedIds = cycle.Admitted.Select(a => a.Job.Id).ToHashSet(StringComparer.Ordinal);
        var lastHolds = new Dictionary<string, Hold>(StringComparer.Ordinal);
        var holdOrder = new List<string>();
        foreach (var (pending, hold) in cycle.HoldChanges)
        {
            if (!lastHolds.ContainsKey(pending.Job.Id))
            {
                holdOrder.Add(pending.Job.Id);
            }

            lastHolds[pending.Job.Id] = hold;
        }

        foreach (var id in holdOrder.Where(id => !admittedIds.Contains(id)))
        {
            decisions.Add(new LiveDecision(LiveAction.Hold, byId[id], [], HoldReasons.Name(lastHolds[id].Reason), lastHolds[id].Detail));
        }

        foreach (var skipped in cycle.Skipped)
        {
            decisions.Add(new LiveDecision(LiveAction.Hold, byId[skipped.Job.Id], [], PartitionCompletedReason,
                $"partition {skipped.Job.Pipeline}/{skipped.Job.Partition} already succeeded, and the partition lock skips reruns"));
        }

        foreach (var eviction in cycle.Evictions)
        {
            var cause = eviction.Reclaim ? "reclaims the quota it borrowed" : "has a higher priority";
            decisions.Add(new LiveDecision(LiveAction.Preempt, byId[eviction.Victim.Job.Id], [], PreemptedReason,
                $"evicted for {eviction.PreemptorId}, which {cause}"));
        }

        var finished = jobs.Count(j => j.State is LiveJobState.Succeeded or LiveJobState.Failed);
        return new LivePlan(decisions, waiting.Count, running.Count, finished, warnings)
        {
            FreeGpus = cluster.Nodes.Sum(n => (long)n.FullyFreeGpus),
            TotalGpus = nodes.Sum(n => (long)n.Spec.GpuCount),
        };
    }

    /// <summary>Books a running Job on the nodes its admission names, taking each worker's GPUs from the node's free devices.</summary>
    private void Restore(AdmissionEngine engine, ClusterState cluster, Dictionary<string, int> nodeIndex, LiveJob job, DateTime now, List<string> warnings)
    {
        if (!config.ClusterQueueByNamespace.TryGetValue(job.Spec.Namespace, out var clusterQueue))
        {
            warnings.Add($"{job.Key} runs, but no LocalQueue serves namespace {job.Spec.Namespace}; its GPUs are not charged to any quota");
            return;
        }

        var worker = job.Spec.Worker;
        var placements = new List<Placement>();
        var flavor = string.Empty;
        foreach (var name in job.AdmittedNodes)
        {
            if (!nodeIndex.TryGetValue(name, out var index))
            {
                warnings.Add($"{job.Key} runs on node {name}, which is not schedulable now; its quota stays charged");
                continue;
            }

            var node = cluster.Nodes[index];
            flavor = worker.NeedsGpu ? node.GpuModel : string.Empty;
            var devices = new List<int>();
            var left = node.GpuLeft;
            for (var d = 0; d < left.Length && devices.Count < worker.GpuCount; d++)
            {
                if (left[d] >= worker.GpuMilli)
                {
                    devices.Add(d);
                }
            }

            if (devices.Count < worker.GpuCount || node.CpuLeft < worker.CpuMilli || node.MemoryLeft < worker.MemoryMib)
            {
                warnings.Add($"{job.Key} runs on node {name}, which has no room left for it in the inventory; check for pods placed outside live mode");
                continue;
            }

            // Booked at once, so that the next worker on the same node takes other devices.
            var placed = new Placement(index, [.. devices]);
            cluster.Assign(worker, placed);
            placements.Add(placed);
        }

        foreach (var placed in placements)
        {
            cluster.Release(worker, placed);
        }

        if (worker.NeedsGpu && flavor.Length == 0)
        {
            flavor = job.Spec.Worker.GpuModels.Split('|')[0];
        }

        var start = job.Job.Status?.StartTime ?? now;
        var end = LiveJob.ToEngineTime(start) + job.Spec.Duration;
        engine.Restore(job.Spec, clusterQueue, flavor, placements, end);
    }
}
