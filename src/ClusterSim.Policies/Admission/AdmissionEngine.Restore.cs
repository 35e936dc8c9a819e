using ClusterSim.Core;
using ClusterSim.Core.Workloads;

namespace ClusterSim.Policies.Admission;

/// <summary>Rebuilding the engine's state from decisions carried out earlier, as live mode does after every restart.</summary>
public sealed partial class AdmissionEngine
{
    /// <summary>
    /// Books a job that was admitted earlier and still runs: its workers on
    /// <paramref name="placements"/>, its GPUs on the quota of <paramref name="flavor"/>, and its
    /// concurrency group and partition as active. Quota is charged even beyond the queue's
    /// limits, because the job runs whether or not the quota has shrunk since.
    /// </summary>
    /// <param name="job">The running job.</param>
    /// <param name="clusterQueue">Queue it was admitted through.</param>
    /// <param name="flavor">GPU model its GPUs are charged to, or empty for a job without GPUs.</param>
    /// <param name="placements">Where each worker runs; the caller found these free on the cluster.</param>
    /// <param name="end">When the job is expected to finish, for EASY backfill's projections.</param>
    /// <returns>The admission, to pass to <see cref="Complete"/> when the job ends.</returns>
    public Admission Restore(JobSpec job, string clusterQueue, string flavor, IReadOnlyList<Placement> placements, TimeSpan end)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(placements);
        if (!pendingByQueue.ContainsKey(clusterQueue))
        {
            throw new ArgumentException($"ClusterQueue '{clusterQueue}' not found.", nameof(clusterQueue));
        }

        clusterVersion++;
        Book(job, flavor, [.. placements]);
        var admission = new Admission(job, clusterQueue, flavor, placements, false);
        running[job.Id] = (admission, end, nextSequence++);
        Activate(job, clusterQueue, flavor);
        return admission;
    }

    /// <summary>Records that a run of <paramref name="pipeline"/> over <paramref name="partition"/> already succeeded.</summary>
    public void RestoreCompletedPartition(string pipeline, string partition) => completedPartitions.Add((pipeline, partition));
}
