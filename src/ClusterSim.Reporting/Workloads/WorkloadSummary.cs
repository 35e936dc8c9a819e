using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Workloads;
using MathNet.Numerics.Statistics;

namespace ClusterSim.Reporting.Workloads;

/// <summary>The headline numbers of a workload simulation: SLAs, waits, backfill progress and violations.</summary>
public sealed class WorkloadSummary
{
    public WorkloadSummary(WorkloadResult result)
    {
        var horizon = result.Model.Horizon;
        var production = result.Jobs.Where(j => j.Job.Kind == JobKind.Production && j.Job.Deadline is not null
            && j.Status is not (JobStatus.NotSubmitted or JobStatus.Skipped) && (j.FinishTime is not null || j.Job.Deadline <= horizon)).ToList();
        DeadlineJobs = production.Count;
        SlaMisses = production.Count(j => j.MissedDeadline(horizon));
        var lateness = production.Select(j => j.Lateness(horizon)!.Value.TotalSeconds).ToArray();
        LatenessP50Seconds = lateness.Length == 0 ? 0 : lateness.Median();
        LatenessP95Seconds = lateness.Length == 0 ? 0 : lateness.Quantile(0.95);
        LatenessMaxSeconds = lateness.Length == 0 ? 0 : lateness.Max();

        var backfill = result.Jobs.Where(j => j.Job.Kind == JobKind.Backfill).ToList();
        BackfillRuns = backfill.Count;
        BackfillCompleted = backfill.Count(j => j.Status == JobStatus.Completed);
        BackfillSkipped = backfill.Count(j => j.Status == JobStatus.Skipped);
        BackfillFinishedSeconds = backfill.Count > 0 && backfill.All(j => j.Status is JobStatus.Completed or JobStatus.Skipped)
            ? backfill.Where(j => j.FinishTime is not null).Select(j => j.FinishTime!.Value.TotalSeconds).DefaultIfEmpty(0).Max()
            : null;

        Evictions = result.Evictions.Count;
        LostGpuHours = result.Jobs.Sum(j => j.LostGpuTime.TotalHours);
        Interruptions = result.Jobs.Sum(j => j.Interruptions);
        CheckpointGpuHours = result.Jobs.Sum(j => j.CheckpointOverhead.TotalHours * j.Job.TotalGpuMilli / 1000.0);
        RestartGpuHours = result.Jobs.Sum(j => j.RestartOverhead.TotalHours * j.Job.TotalGpuMilli / 1000.0);
        var useful = result.Jobs.Where(j => j.Status == JobStatus.Completed).Sum(j => j.Job.Duration.TotalHours * j.Job.TotalGpuMilli / 1000.0);
        var spent = useful + LostGpuHours + CheckpointGpuHours + RestartGpuHours;
        Goodput = spent > 0 ? useful / spent : null;
        ConcurrentPartitionRuns = result.Violations.Count(v => v.Kind == ViolationKind.ConcurrentPartitionRun);
        ArtifactOverwrites = result.Violations.Count(v => v.Kind == ViolationKind.ArtifactOverwrite);
        HoldsByReason = Enum.GetValues<HoldReason>().ToDictionary(r => r, r => result.Holds.Count(h => h.Reason == r));
        Queues = [.. result.Model.ClusterQueues.Select(q => Summarise(q.Name, result))];
    }

    /// <summary>Production runs with a deadline that passed within the horizon or that finished.</summary>
    public int DeadlineJobs { get; }

    public int SlaMisses { get; }

    /// <summary>Median of finish minus deadline over <see cref="DeadlineJobs"/>; negative means early.</summary>
    public double LatenessP50Seconds { get; }

    public double LatenessP95Seconds { get; }

    public double LatenessMaxSeconds { get; }

    public int BackfillRuns { get; }

    public int BackfillCompleted { get; }

    public int BackfillSkipped { get; }

    /// <summary>When the last backfill run finished, or null when some run was unfinished at the horizon.</summary>
    public double? BackfillFinishedSeconds { get; }

    /// <summary>Evictions decided to make room for other jobs.</summary>
    public int Evictions { get; }

    /// <summary>GPU hours of compute that interruptions threw away.</summary>
    public double LostGpuHours { get; }

    /// <summary>Runs ended early by evictions and faults.</summary>
    public int Interruptions { get; }

    /// <summary>GPU hours spent writing checkpoints.</summary>
    public double CheckpointGpuHours { get; }

    /// <summary>GPU hours spent restarting from checkpoints.</summary>
    public double RestartGpuHours { get; }

    /// <summary>
    /// Useful GPU hours of the completed jobs over those plus all lost, checkpoint and restart
    /// GPU hours, at full pace; null when nothing ran.
    /// </summary>
    public double? Goodput { get; }

    public int ConcurrentPartitionRuns { get; }

    public int ArtifactOverwrites { get; }

    /// <summary>Number of times a job's hold changed to each reason.</summary>
    public IReadOnlyDictionary<HoldReason, int> HoldsByReason { get; }

    public IReadOnlyList<QueueSummary> Queues { get; }

    private static QueueSummary Summarise(string queue, WorkloadResult result)
    {
        var horizon = result.Model.Horizon;
        var jobs = result.Jobs.Where(j => j.ClusterQueue == queue && j.Status is not (JobStatus.NotSubmitted or JobStatus.Skipped)).ToList();
        var waits = jobs.Select(j => j.Wait(horizon).TotalSeconds).ToArray();
        var gpuHours = jobs.Sum(j => j.GpuTime(horizon).TotalHours);
        return new QueueSummary(
            queue,
            jobs.Count,
            jobs.Count(j => j.Status == JobStatus.Completed),
            jobs.Count(j => j.Status is JobStatus.Pending or JobStatus.Running),
            waits.Length == 0 ? 0 : waits.Average(),
            waits.Length == 0 ? 0 : waits.Median(),
            waits.Length == 0 ? 0 : waits.Quantile(0.95),
            waits.Length == 0 ? 0 : waits.Max(),
            gpuHours);
    }
}
