using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;

namespace ClusterSim.Simulation.Workloads;

/// <summary>What happened to one job in a workload simulation.</summary>
public sealed class JobRecord(JobSpec job)
{
    private readonly int[] holdCounts = new int[Enum.GetValues<HoldReason>().Length];

    public JobSpec Job { get; } = job;

    public JobStatus Status { get; internal set; } = JobStatus.NotSubmitted;

    /// <summary>ClusterQueue the job's namespace maps to.</summary>
    public string ClusterQueue { get; internal set; } = string.Empty;

    public TimeSpan? AdmitTime { get; internal set; }

    public TimeSpan? FinishTime { get; internal set; }

    /// <summary>GPU model the job's quota was charged to.</summary>
    public string Flavor { get; internal set; } = string.Empty;

    /// <summary>True when the job was admitted by borrowing cohort quota.</summary>
    public bool Borrowed { get; internal set; }

    /// <summary>Names of the nodes the workers ran on, distinct, in worker order.</summary>
    public IReadOnlyList<string> Nodes { get; internal set; } = [];

    /// <summary>The first reason the job was held, or null when it was never held.</summary>
    public HoldReason? FirstHold { get; private set; }

    /// <summary>The reason the job was last held, or null when it was never held.</summary>
    public HoldReason? LastHold { get; private set; }

    /// <summary>Number of times the job's hold changed to <paramref name="reason"/>.</summary>
    public int HoldCount(HoldReason reason) => holdCounts[(int)reason];

    /// <summary>Number of times the job was evicted to make room for another.</summary>
    public int Evictions { get; internal set; }

    /// <summary>GPU time of compute that interruptions threw away: the work since the last checkpoint.</summary>
    public TimeSpan LostGpuTime { get; internal set; }

    /// <summary>GPU time held by the job's runs that ended, interrupted or finished.</summary>
    public TimeSpan EndedRunsGpuTime { get; internal set; }

    /// <summary>GPU time held by all the job's runs up to <paramref name="horizon"/>, including one still running.</summary>
    public TimeSpan GpuTime(TimeSpan horizon) =>
        EndedRunsGpuTime + (Status == JobStatus.Running && AdmitTime is { } admitted ? (horizon - admitted) * (Job.TotalGpuMilli / 1000.0) : TimeSpan.Zero);

    /// <summary>Runs ended early by evictions, node failures, maintenance or straggler mitigation.</summary>
    public int Interruptions { get; internal set; }

    /// <summary>Wall time spent writing checkpoints, at full pace.</summary>
    public TimeSpan CheckpointOverhead { get; internal set; }

    /// <summary>Wall time spent restarting from checkpoints after interruptions, at full pace.</summary>
    public TimeSpan RestartOverhead { get; internal set; }

    /// <summary>First admission, or null; <see cref="AdmitTime"/> is the last one when the job was evicted.</summary>
    public TimeSpan? FirstAdmitTime { get; private set; }

    /// <summary>
    /// Time the job spent waiting in its queue: from submission, and from each requeue after an
    /// eviction, to the next admission or to the horizon. Running time is not counted.
    /// </summary>
    public TimeSpan Wait(TimeSpan horizon) => queued + (pendingSince is { } since && horizon > since ? horizon - since : TimeSpan.Zero);

    private TimeSpan queued;
    private TimeSpan? pendingSince;

    internal void MarkQueued(TimeSpan now) => pendingSince = now;

    internal void MarkAdmitted(TimeSpan now)
    {
        if (pendingSince is { } since)
        {
            queued += now - since;
        }

        pendingSince = null;
        FirstAdmitTime ??= now;
        AdmitTime = now;
    }

    /// <summary>
    /// Finish time minus deadline: positive when late. A job still unfinished at the horizon
    /// counts as late by at least the horizon minus its deadline, when that is positive.
    /// </summary>
    public TimeSpan? Lateness(TimeSpan horizon)
    {
        if (Job.Deadline is not { } deadline || Status is JobStatus.NotSubmitted or JobStatus.Skipped)
        {
            return null;
        }

        if (FinishTime is { } finish)
        {
            return finish - deadline;
        }

        return horizon > deadline ? horizon - deadline : null;
    }

    /// <summary>True when the job had a deadline and finished after it, or was unfinished past it at the horizon.</summary>
    public bool MissedDeadline(TimeSpan horizon) => Lateness(horizon) is { } late && late > TimeSpan.Zero;

    internal void RecordHold(HoldReason reason)
    {
        FirstHold ??= reason;
        LastHold = reason;
        holdCounts[(int)reason]++;
    }
}
