using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Simulation.Workloads;

/// <summary>
/// Runs jobs through submission, queueing, admission, start and finish on a simulated cluster.
/// Admission happens in cycles after every instant at which jobs arrive or finish, so a
/// finished job's GPUs go to waiting jobs at the same simulated time.
/// </summary>
public sealed partial class WorkloadSimulation
{
    // Event kinds, in the order they run at equal times: finishes free resources before
    // arrivals queue, and the admission cycle then handles both.
    private const int FinishKind = 0;
    private const int EvictKind = 1;
    private const int FaultKind = 2;
    private const int SubmitKind = 3;
    private const int CycleKind = 4;
    private const int SampleKind = 5;

    private readonly WorkloadModel model;
    private readonly ClusterState cluster;
    private readonly AdmissionEngine admission;
    private readonly EventLoop<Event> loop = new();
    private readonly Dictionary<string, JobRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Admission> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunState> runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> allocatedByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> runningByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pipeline, string Partition), List<string>> activeRunsByPartition = [];
    private readonly Dictionary<string, string> lastWriterByArtifact = new(StringComparer.Ordinal);
    private readonly List<HoldEvent> holds = [];
    private readonly List<QueueSample> samples = [];
    private readonly List<IdempotencyViolation> violations = [];
    private readonly List<Reservation> reservations = [];
    private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly List<EvictionRecord> evictionRecords = [];
    private TimeSpan? scheduledCycle;
    private IProgress<double>? progress;
    private int reportedPercent;

    public WorkloadSimulation(WorkloadModel model)
    {
        this.model = model;
        cluster = new ClusterState(model.Nodes);
        var random = new RandomStreams(model.Seed).Create("placement");

        // Workload placement has no fragmentation target of its own; an empty one keeps FGD defined.
        var target = TargetWorkload.FromPods([.. model.Jobs.Select(j => j.Worker)]);
        var placement = new PlacementEngine(PlacementPolicyFactory.Create(model.PlacementPolicy, random, target, ScoreScale.For(model.Nodes)), NodeRanking.Identity(model.Nodes.Count));
        admission = new AdmissionEngine(cluster, new QuotaLedger(model.ClusterQueues), placement, model.ClusterQueueByNamespace, model.Admission);
        foreach (var queue in model.ClusterQueues)
        {
            allocatedByQueue[queue.Name] = 0;
            runningByQueue[queue.Name] = 0;
        }
    }

    /// <summary>
    /// Runs the simulation to its horizon and returns what it recorded. <paramref name="progress"/>
    /// receives the simulated share of the horizon, from 0 to 1, in steps of a hundredth.
    /// </summary>
    public WorkloadResult Run(IProgress<double>? progress = null)
    {
        this.progress = progress;
        // A stable sort keeps the sources' order among equal submission times, so a backfill's
        // runs queue in the order its partitions were listed.
        foreach (var job in model.Jobs.OrderBy(j => j.SubmitTime))
        {
            if (!records.TryAdd(job.Id, new JobRecord(job)))
            {
                throw new InvalidOperationException($"Job id '{job.Id}' appears twice; job ids must be unique.");
            }

            if (job.SubmitTime <= model.Horizon)
            {
                loop.Schedule(job.SubmitTime, SubmitKind, Event.Submit(job));
            }
        }

        if (model.SampleInterval > TimeSpan.Zero)
        {
            loop.Schedule(TimeSpan.Zero, SampleKind, Event.Sample());
        }

        ScheduleFaults();
        loop.Run(Handle, model.Horizon);
        progress?.Report(1);
        return new WorkloadResult(model, [.. records.Values.OrderBy(r => r.Job.SubmitTime).ThenBy(r => r.Job.Id, StringComparer.Ordinal)],
            holds, samples, violations, reservations, evictionRecords, faultRecords, loop.HandledCount);
    }

    private void Handle(Event e)
    {
        if (progress is not null && model.Horizon > TimeSpan.Zero)
        {
            var percent = (int)(100 * (loop.Now / model.Horizon));
            if (percent > reportedPercent)
            {
                reportedPercent = percent;
                progress.Report(percent / 100.0);
            }
        }

        switch (e.Kind)
        {
            case SubmitKind:
                var record = records[e.Job!.Id];
                var pending = admission.Enqueue(e.Job, loop.Now);
                record.Status = JobStatus.Pending;
                record.ClusterQueue = pending.ClusterQueue;
                record.MarkQueued(loop.Now);
                RequestCycle();
                break;
            case FinishKind:
                // A finish scheduled for a run that ended, or whose pace changed since, is stale.
                if (runs.TryGetValue(e.Job!.Id, out var finishing) && finishing.Attempt == e.Attempt && finishing.Version == e.Version)
                {
                    Finish(e.Job.Id);
                    RequestCycle();
                }

                break;
            case FaultKind:
                HandleFault(e);
                break;
            case EvictKind:
                if (running.ContainsKey(e.Job!.Id) && attempts[e.Job.Id] == e.Attempt)
                {
                    CompleteEviction(e.Job.Id);
                    RequestCycle();
                }

                break;
            case CycleKind:
                scheduledCycle = null;
                ApplyCycle(admission.RunCycle(loop.Now));
                break;
            default:
                Sample();
                if (loop.Now + model.SampleInterval <= model.Horizon)
                {
                    loop.ScheduleAfter(model.SampleInterval, SampleKind, Event.Sample());
                }

                break;
        }
    }

    /// <summary>Schedules one admission cycle at the current time, after its arrivals and finishes.</summary>
    private void RequestCycle()
    {
        if (scheduledCycle != loop.Now)
        {
            scheduledCycle = loop.Now;
            loop.Schedule(loop.Now, CycleKind, Event.Cycle());
        }
    }

    private void ApplyCycle(AdmissionCycle cycle)
    {
        foreach (var (pending, hold) in cycle.HoldChanges)
        {
            records[pending.Job.Id].RecordHold(hold.Reason);
            holds.Add(new HoldEvent(loop.Now, pending.Job.Id, pending.ClusterQueue, hold.Reason, hold.Detail));
        }

        foreach (var (pending, start) in cycle.Reservations)
        {
            reservations.Add(new Reservation(loop.Now, pending.Job.Id, pending.ClusterQueue, start));
        }

        foreach (var skipped in cycle.Skipped)
        {
            records[skipped.Job.Id].Status = JobStatus.Skipped;
        }

        foreach (var admitted in cycle.Admitted)
        {
            Start(admitted);
        }

        foreach (var eviction in cycle.Evictions)
        {
            var victim = eviction.Victim.Job;
            evictionRecords.Add(new EvictionRecord(loop.Now, victim.Id, eviction.Victim.ClusterQueue, eviction.PreemptorId, eviction.Reclaim));
            loop.ScheduleAfter(model.EvictionGracePeriod, EvictKind, new Event(EvictKind, victim, attempts[victim.Id]));
        }
    }

    /// <summary>Ends an evicted job's run, keeping the work up to its last checkpoint, and queues it again after the backoff.</summary>
    private void CompleteEviction(string jobId)
    {
        records[jobId].Evictions++;
        Interrupt(jobId, model.RequeueBackoff);
    }

    /// <summary>
    /// Ends a run before it finished: the work since the last checkpoint is lost, the resources
    /// are released, and the job returns to its queue after <paramref name="backoff"/>.
    /// </summary>
    private void Interrupt(string jobId, TimeSpan backoff)
    {
        var admitted = running[jobId];
        var job = admitted.Job;
        var record = records[jobId];
        var run = runs[jobId];
        Advance(run);
        var lost = run.Interrupt(record);
        checkpointedCompute[jobId] = run.Checkpointed;
        record.LostGpuTime += lost * (job.TotalGpuMilli / 1000.0);
        EndRun(jobId, admitted, succeeded: false);
        record.Status = JobStatus.Pending;
        loop.ScheduleAfter(backoff, SubmitKind, Event.Submit(job));
    }

    private void EndRun(string jobId, Admission admitted, bool succeeded)
    {
        var job = admitted.Job;
        var record = records[jobId];
        record.EndedRunsGpuTime += (loop.Now - record.AdmitTime!.Value) * (job.TotalGpuMilli / 1000.0);
        running.Remove(jobId);
        runs.Remove(jobId);
        Unindex(jobId, admitted);
        admission.Complete(admitted, succeeded);
        allocatedByQueue[admitted.ClusterQueue] -= job.TotalGpuMilli;
        runningByQueue[admitted.ClusterQueue]--;
        if (job.Partition.Length > 0)
        {
            activeRunsByPartition[(job.Pipeline, job.Partition)].Remove(jobId);
        }
    }

    private void Start(Admission admitted)
    {
        var job = admitted.Job;
        var record = records[job.Id];
        record.Status = JobStatus.Running;
        record.MarkAdmitted(loop.Now);
        record.Flavor = admitted.Flavor;
        record.Borrowed = admitted.Borrowed;
        record.Nodes = [.. admitted.Placements.Select(p => cluster.Nodes[p.NodeIndex].Name).Distinct()];
        running.Add(job.Id, admitted);
        attempts[job.Id] = attempts.GetValueOrDefault(job.Id) + 1;
        allocatedByQueue[admitted.ClusterQueue] += job.TotalGpuMilli;
        runningByQueue[admitted.ClusterQueue]++;

        if (job.Partition.Length > 0)
        {
            var key = (job.Pipeline, job.Partition);
            if (!activeRunsByPartition.TryGetValue(key, out var active))
            {
                active = [];
                activeRunsByPartition.Add(key, active);
            }

            foreach (var other in active)
            {
                violations.Add(new IdempotencyViolation(loop.Now, ViolationKind.ConcurrentPartitionRun, job.Id, other, job.Pipeline, job.Partition, job.ArtifactPath));
            }

            active.Add(job.Id);
        }

        var run = new RunState(admitted, attempts[job.Id], loop.Now, CheckpointIntervalTicks(admitted), checkpointedCompute.GetValueOrDefault(job.Id));
        runs.Add(job.Id, run);
        Index(job.Id, admitted);
        run.Rate = 1 / JobSlowdown(admitted);
        ScheduleFinish(run);
    }

    private void Finish(string jobId)
    {
        var admitted = running[jobId];
        var job = admitted.Job;
        var record = records[jobId];
        runs[jobId].Complete(record);
        checkpointedCompute.Remove(jobId);
        EndRun(jobId, admitted, succeeded: true);
        record.Status = JobStatus.Completed;
        record.FinishTime = loop.Now;

        if (job.ArtifactPath.Length > 0)
        {
            if (lastWriterByArtifact.TryGetValue(job.ArtifactPath, out var previous))
            {
                violations.Add(new IdempotencyViolation(loop.Now, ViolationKind.ArtifactOverwrite, jobId, previous, job.Pipeline, job.Partition, job.ArtifactPath));
            }

            lastWriterByArtifact[job.ArtifactPath] = jobId;
        }
    }

    private void Sample()
    {
        foreach (var queue in model.ClusterQueues)
        {
            samples.Add(new QueueSample(loop.Now, queue.Name, allocatedByQueue[queue.Name], admission.PendingCount(queue.Name), runningByQueue[queue.Name]));
        }
    }

    /// <summary>
    /// An event of the run. <paramref name="Attempt"/> and <paramref name="Version"/> tell a job's
    /// runs and paces apart, so events of an ended run or an outdated pace are ignored; fault
    /// events name their <paramref name="Fault"/>, node and value.
    /// </summary>
    private readonly record struct Event(int Kind, JobSpec? Job, int Attempt = 0, long Version = 0, FaultEvent Fault = default, int Node = -1, double Value = 0)
    {
        public static Event Submit(JobSpec job) => new(SubmitKind, job);

        public static Event Cycle() => new(CycleKind, null);

        public static Event Sample() => new(SampleKind, null);
    }
}
