using ClusterSim.Core.Workloads;

namespace ClusterSim.Policies.Admission;

/// <summary>A job waiting in a ClusterQueue, with the hold it carries now.</summary>
public sealed class PendingJob
{
    internal PendingJob(JobSpec job, string clusterQueue, long sequence, TimeSpan queueTime)
    {
        Job = job;
        ClusterQueue = clusterQueue;
        Sequence = sequence;
        QueueTime = queueTime;
    }

    /// <summary>Time the job joined the queue: its submission, or its eviction when it was requeued.</summary>
    public TimeSpan QueueTime { get; }

    public JobSpec Job { get; }

    public string ClusterQueue { get; }

    /// <summary>Order of submission, which breaks ties between equal priorities and submit times.</summary>
    public long Sequence { get; }

    /// <summary>The reason the job was last held, or null when it has not been held yet.</summary>
    public Hold? Hold { get; internal set; }

    /// <summary>Under EASY backfill, the start time last reserved for the job as the queue's head; null for none.</summary>
    public TimeSpan? Reservation { get; internal set; }
}
