using k8s;
using k8s.Models;

namespace ClusterSim.Live;

/// <summary>What live mode last decided for a managed Job, as recorded on the Job.</summary>
public enum JobDecision
{
    /// <summary>No decision yet: the Job waits for its first admission attempt.</summary>
    Pending,
    Admitted,
    Held,
    Preempted,
}

/// <summary>A managed Job and the decision its annotations record.</summary>
public sealed record ManagedJob(string Namespace, string Name, string Queue, JobDecision Decision, IReadOnlyList<string> Nodes, string? Reason, bool Suspended);

/// <summary>
/// Rebuilds live mode's view of its Jobs from the cluster, so that after a restart it continues
/// from the decisions already carried out instead of making them again.
/// </summary>
public static class ManagedJobs
{
    /// <summary>Returns the Jobs that carry the queue label, ordered by namespace and name.</summary>
    public static IReadOnlyList<ManagedJob> FromJobs(IEnumerable<V1Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return [.. jobs
            .Where(JobActions.IsManaged)
            .Select(Read)
            .OrderBy(j => j.Namespace, StringComparer.Ordinal)
            .ThenBy(j => j.Name, StringComparer.Ordinal)];
    }

    /// <summary>Lists the managed Jobs of all namespaces by their queue label.</summary>
    public static async Task<IReadOnlyList<ManagedJob>> ListAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var jobs = await client.BatchV1.ListJobForAllNamespacesAsync(labelSelector: JobActions.QueueLabel, cancellationToken: cancellationToken).ConfigureAwait(false);
        return FromJobs(jobs.Items);
    }

    private static ManagedJob Read(V1Job job)
    {
        IReadOnlyDictionary<string, string> annotations = job.Metadata.Annotations is { } found ? new Dictionary<string, string>(found) : new Dictionary<string, string>();
        var decision = annotations.GetValueOrDefault(JobActions.DecisionAnnotation) switch
        {
            "admitted" => JobDecision.Admitted,
            "held" => JobDecision.Held,
            "preempted" => JobDecision.Preempted,
            _ => JobDecision.Pending,
        };
        var nodes = annotations.GetValueOrDefault(JobActions.NodesAnnotation) is { Length: > 0 } joined ? joined.Split(',') : [];
        return new ManagedJob(
            job.Metadata.NamespaceProperty,
            job.Metadata.Name,
            job.Metadata.Labels[JobActions.QueueLabel],
            decision,
            nodes,
            annotations.GetValueOrDefault(JobActions.ReasonAnnotation),
            job.Spec?.Suspend == true);
    }
}
