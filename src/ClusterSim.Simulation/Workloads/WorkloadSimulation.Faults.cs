using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Checkpointing;
using ClusterSim.Simulation.Faults;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Simulation.Workloads;

/// <summary>The kinds of fault event.</summary>
internal enum FaultEvent
{
    None,
    NodeFailure,
    NodeRepair,
    StragglerStart,
    StragglerEnd,
    MaintenanceStart,
    MaintenanceEnd,
    MitigationCheck,
}

// Faults and job progress: node failures and repairs, maintenance windows, straggler episodes
// and their mitigation, and the pace of each run, which its slowest node sets.
public sealed partial class WorkloadSimulation
{
    private readonly Dictionary<string, double> checkpointedCompute = new(StringComparer.Ordinal);
    private readonly Dictionary<int, HashSet<string>> jobsByNode = [];
    private readonly Dictionary<int, int> downReasons = [];
    private readonly Dictionary<int, List<(long Id, double Slowdown)>> episodesByNode = [];
    private readonly HashSet<int> quarantined = [];
    private readonly List<FaultRecord> faultRecords = [];
    private Random? faultRandom;
    private long nextEpisode;

    private FaultSettings Faults => model.Faults;

    /// <summary>True when some fault can strike a node; without any, runs need no per-node index.</summary>
    private bool HasNodeFaults => Faults.NodeFailures is not null || Faults.Stragglers is not null || Faults.Maintenance.Count > 0;

    private void ScheduleFaults()
    {
        faultRandom = new Kernel.RandomStreams(model.Seed).Create("faults");
        for (var node = 0; node < cluster.NodeArray.Length; node++)
        {
            if (Faults.NodeFailures?.NodeMtbf(cluster.NodeArray[node].GpuCount) is not null)
            {
                ScheduleAt(TimeSpan.Zero + NextFailure(node), FaultEvent.NodeFailure, node);
            }

            if (Faults.Stragglers is { RatePerNodePerDay: > 0 } stragglers)
            {
                ScheduleAt(TimeSpan.FromDays(Exponential.Sample(faultRandom, stragglers.RatePerNodePerDay)), FaultEvent.StragglerStart, node);
            }
        }

        for (var i = 0; i < Faults.Maintenance.Count; i++)
        {
            ScheduleAt(Faults.Maintenance[i].Start, FaultEvent.MaintenanceStart, -1, i);
        }
    }

    private void ScheduleAt(TimeSpan time, FaultEvent fault, int node, double value = 0, JobSpec? job = null, int attempt = 0)
    {
        if (time <= model.Horizon)
        {
            loop.Schedule(time, FaultKind, new Event(FaultKind, job, attempt, 0, fault, node, value));
        }
    }

    private TimeSpan NextFailure(int node)
    {
        var failures = Faults.NodeFailures!;
        var mtbf = failures.NodeMtbf(cluster.NodeArray[node].GpuCount)!.Value.TotalSeconds;
        var seconds = failures.Distribution == FailureDistribution.Weibull
            ? Weibull.Sample(faultRandom!, failures.WeibullShape, mtbf / MathNet.Numerics.SpecialFunctions.Gamma(1 + (1 / failures.WeibullShape)))
            : Exponential.Sample(faultRandom!, 1 / mtbf);
        return TimeSpan.FromSeconds(Math.Round(seconds, 3));
    }

    private void HandleFault(Event e)
    {
        switch (e.Fault)
        {
            case FaultEvent.NodeFailure:
                var (cause, repair) = DrawCause();
                faultRecords.Add(new FaultRecord(loop.Now, "node_failure", cluster.NodeArray[e.Node].Name, cause));
                TakeDown(e.Node, "node_failure");
                ScheduleAt(loop.Now + repair, FaultEvent.NodeRepair, e.Node);
                break;
            case FaultEvent.NodeRepair:
                faultRecords.Add(new FaultRecord(loop.Now, "node_repair", cluster.NodeArray[e.Node].Name, string.Empty));
                BringUp(e.Node);
                ScheduleAt(loop.Now + NextFailure(e.Node), FaultEvent.NodeFailure, e.Node);
                break;
            case FaultEvent.MaintenanceStart:
                var window = Faults.Maintenance[(int)e.Value];
                faultRecords.Add(new FaultRecord(loop.Now, "maintenance_start", window.NodePrefix, string.Empty));
                foreach (var node in MaintenanceNodes(window))
                {
                    TakeDown(node, "maintenance");
                }

                ScheduleAt(loop.Now + window.Duration, FaultEvent.MaintenanceEnd, -1, e.Value);
                if (window.Every is { } every)
                {
                    ScheduleAt(loop.Now + every, FaultEvent.MaintenanceStart, -1, e.Value);
                }

                break;
            case FaultEvent.MaintenanceEnd:
                faultRecords.Add(new FaultRecord(loop.Now, "maintenance_end", Faults.Maintenance[(int)e.Value].NodePrefix, string.Empty));
                foreach (var node in MaintenanceNodes(Faults.Maintenance[(int)e.Value]))
                {
                    BringUp(node);
                }

                break;
            case FaultEvent.StragglerStart:
                StartEpisode(e.Node);
                break;
            case FaultEvent.StragglerEnd:
                EndEpisode(e.Node, (long)e.Value);
                break;
            case FaultEvent.MitigationCheck:
                CheckMitigation(e.Job!, e.Attempt);
                break;
            default:
                break;
        }

        RequestCycle();
    }

    /// <summary>Draws the cause of a failure by the causes' shares, with its repair time.</summary>
    private (string Cause, TimeSpan Repair) DrawCause()
    {
        var failures = Faults.NodeFailures!;
        if (failures.Causes.Count == 0)
        {
            return (string.Empty, failures.RepairTime);
        }

        var index = Categorical.Sample(faultRandom!, [.. failures.Causes.Select(c => c.Share)]);
        return (failures.Causes[index].Name, failures.Causes[index].RepairTime);
    }

    private IEnumerable<int> MaintenanceNodes(MaintenanceWindow window) =>
        Enumerable.Range(0, cluster.NodeArray.Length).Where(n => cluster.NodeArray[n].Name.StartsWith(window.NodePrefix, StringComparison.Ordinal));

    /// <summary>Marks a node down for one more reason and interrupts every run on it.</summary>
    private void TakeDown(int node, string reason)
    {
        downReasons[node] = downReasons.GetValueOrDefault(node) + 1;
        cluster.NodeArray[node].SetSchedulable(false);
        foreach (var jobId in jobsByNode.GetValueOrDefault(node)?.ToList() ?? [])
        {
            faultRecords.Add(new FaultRecord(loop.Now, $"interrupted_by_{reason}", cluster.NodeArray[node].Name, jobId));
            Interrupt(jobId, TimeSpan.Zero);
        }
    }

    private void BringUp(int node)
    {
        var reasons = downReasons.GetValueOrDefault(node) - 1;
        downReasons[node] = reasons;
        cluster.NodeArray[node].SetSchedulable(reasons <= 0);
    }

    private void StartEpisode(int node)
    {
        var model = Faults.Stragglers!;
        var id = nextEpisode++;
        var slowdown = ContinuousUniform.Sample(faultRandom!, model.SlowdownMin, model.SlowdownMax);
        var duration = TimeSpan.FromSeconds(Math.Round(LogNormal.Sample(faultRandom!, Math.Log(model.MedianDuration.TotalSeconds), model.DurationSigma), 3));
        if (!episodesByNode.TryGetValue(node, out var episodes))
        {
            episodes = [];
            episodesByNode[node] = episodes;
        }

        episodes.Add((id, slowdown));
        faultRecords.Add(new FaultRecord(loop.Now, "straggler_start", cluster.NodeArray[node].Name, slowdown.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        ScheduleAt(loop.Now + duration, FaultEvent.StragglerEnd, node, id);
        ScheduleAt(loop.Now + TimeSpan.FromDays(Exponential.Sample(faultRandom!, model.RatePerNodePerDay)), FaultEvent.StragglerStart, node);
        PaceChanged(node);
    }

    private void EndEpisode(int node, long id)
    {
        faultRecords.Add(new FaultRecord(loop.Now, "straggler_end", cluster.NodeArray[node].Name, string.Empty));
        episodesByNode[node].RemoveAll(e => e.Id == id);
        if (NodeSlowdown(node) <= 1 && quarantined.Remove(node))
        {
            BringUp(node);
        }

        PaceChanged(node);
    }

    private double NodeSlowdown(int node) =>
        episodesByNode.TryGetValue(node, out var episodes) && episodes.Count > 0 ? Math.Max(1, episodes.Max(e => e.Slowdown)) : 1;

    /// <summary>A synchronous gang runs at the pace of its slowest worker.</summary>
    private double JobSlowdown(Admission admitted) => Faults.Stragglers is null ? 1 : admitted.Placements.Max(p => NodeSlowdown(p.NodeIndex));

    /// <summary>Re-paces the runs on <paramref name="node"/> and arms straggler mitigation where it applies.</summary>
    private void PaceChanged(int node)
    {
        foreach (var jobId in jobsByNode.GetValueOrDefault(node)?.ToList() ?? [])
        {
            var run = runs[jobId];
            Advance(run);
            run.Rate = 1 / JobSlowdown(run.Admission);
            run.Version++;
            ScheduleFinish(run);
            if (Faults.Mitigation.Policy == StragglerPolicy.Evict && SlowNodes(run.Admission).Count > 0)
            {
                ScheduleAt(loop.Now + Faults.Mitigation.Grace, FaultEvent.MitigationCheck, node, 0, run.Admission.Job, run.Attempt);
            }
        }
    }

    /// <summary>Nodes of the job slower than the threshold relative to the median of its workers' nodes.</summary>
    private List<int> SlowNodes(Admission admitted)
    {
        var slowdowns = admitted.Placements.Select(p => (Node: p.NodeIndex, Slowdown: NodeSlowdown(p.NodeIndex))).ToList();
        var sorted = slowdowns.Select(s => s.Slowdown).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return [.. slowdowns.Where(s => s.Slowdown / median >= Faults.Mitigation.Threshold).Select(s => s.Node).Distinct()];
    }

    /// <summary>Evicts a job whose worker stayed slow through the grace period, and keeps the slow nodes free until they recover.</summary>
    private void CheckMitigation(JobSpec job, int attempt)
    {
        if (!runs.TryGetValue(job.Id, out var run) || run.Attempt != attempt)
        {
            return;
        }

        var slow = SlowNodes(run.Admission);
        if (slow.Count == 0)
        {
            return;
        }

        foreach (var node in slow.Where(quarantined.Add))
        {
            downReasons[node] = downReasons.GetValueOrDefault(node) + 1;
            cluster.NodeArray[node].SetSchedulable(false);
        }

        faultRecords.Add(new FaultRecord(loop.Now, "straggler_eviction", string.Join(' ', slow.Select(n => cluster.NodeArray[n].Name)), job.Id));
        Interrupt(job.Id, TimeSpan.Zero);
    }

    private void Advance(RunState run) => run.AdvanceTo(loop.Now);

    private void ScheduleFinish(RunState run) =>
        loop.Schedule(loop.Now + TimeSpan.FromTicks(run.TicksToFinish), FinishKind, new Event(FinishKind, run.Admission.Job, run.Attempt, run.Version));

    /// <summary>
    /// Returns the run's checkpoint interval in ticks: the fixed one, or Young's or Daly's for
    /// the job's MTBF on the nodes it was placed on; infinity for none.
    /// </summary>
    private double CheckpointIntervalTicks(Admission admitted)
    {
        var policy = admitted.Job.Checkpoint;
        if (policy.Strategy == CheckpointStrategy.None)
        {
            return double.PositiveInfinity;
        }

        if (policy.Strategy == CheckpointStrategy.Fixed)
        {
            return policy.Interval.Ticks;
        }

        // The job fails when any of its nodes does: its MTBF is the harmonic sum of theirs.
        var rate = admitted.Placements.Select(p => p.NodeIndex).Distinct()
            .Sum(n => Faults.NodeFailures?.NodeMtbf(cluster.NodeArray[n].GpuCount) is { } mtbf ? 1 / mtbf.TotalSeconds : 0);
        if (rate == 0)
        {
            return double.PositiveInfinity;
        }

        var model = new CheckpointModel(policy.Cost, policy.RestartCost, TimeSpan.FromSeconds(1 / rate));
        var interval = policy.Strategy switch
        {
            CheckpointStrategy.Young => model.Young,
            CheckpointStrategy.DalyFirstOrder => model.DalyFirstOrder,
            _ => model.DalyHigherOrder,
        };
        return Math.Max(interval.Ticks, TimeSpan.TicksPerSecond);
    }

    private void Index(string jobId, Admission admitted)
    {
        if (!HasNodeFaults)
        {
            return;
        }

        foreach (var node in admitted.Placements.Select(p => p.NodeIndex).Distinct())
        {
            if (!jobsByNode.TryGetValue(node, out var jobs))
            {
                jobs = new HashSet<string>(StringComparer.Ordinal);
                jobsByNode[node] = jobs;
            }

            jobs.Add(jobId);
        }
    }

    private void Unindex(string jobId, Admission admitted)
    {
        if (!HasNodeFaults)
        {
            return;
        }

        foreach (var node in admitted.Placements.Select(p => p.NodeIndex).Distinct())
        {
            jobsByNode[node].Remove(jobId);
        }
    }
}
