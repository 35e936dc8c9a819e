using System.Globalization;
using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using k8s.Models;

namespace ClusterSim.Live;

/// <summary>The phase of a managed Job, read from its spec and status.</summary>
public enum LiveJobState
{
    /// <summary>Suspended and waiting for admission, first or again after a preemption.</summary>
    Waiting,

    /// <summary>Admitted by live mode and not finished.</summary>
    Running,

    Succeeded,

    Failed,

    /// <summary>Not suspended, but live mode never admitted it: it runs outside the policy and is left alone.</summary>
    Unadmitted,
}

/// <summary>
/// A managed Job read as the engine's job: its workers from the pod template and parallelism,
/// the rest from <c>clustersim.io/*</c> annotations. A Job whose annotations cannot be read
/// carries a <see cref="Problem"/> and is held instead of admitted.
/// </summary>
/// <param name="Job">The Job as read from the API server.</param>
/// <param name="Spec">The engine's view of it; its id is namespace/name.</param>
/// <param name="Queue">The value of its queue label.</param>
/// <param name="State">Whether it waits, runs or ended.</param>
/// <param name="QueueTime">When it joined its queue: its submission, or its last preemption.</param>
/// <param name="Order">Position among Jobs submitted at the same instant.</param>
/// <param name="Problem">Why the Job cannot be considered, or null.</param>
public sealed record LiveJob(V1Job Job, JobSpec Spec, string Queue, LiveJobState State, DateTime QueueTime, long Order, string? Problem)
{
    public const string Prefix = "clustersim.io/";
    public const string DurationAnnotation = Prefix + "duration";
    public const string PriorityAnnotation = Prefix + "priority";
    public const string KindAnnotation = Prefix + "kind";
    public const string PipelineAnnotation = Prefix + "pipeline";
    public const string PartitionAnnotation = Prefix + "partition";
    public const string ConcurrencyGroupAnnotation = Prefix + "concurrency-group";
    public const string ArtifactAnnotation = Prefix + "artifact";
    public const string GpuModelsAnnotation = Prefix + "gpu-models";
    public const string SubmitTimeAnnotation = Prefix + "submit-time";
    public const string OrderAnnotation = Prefix + "order";
    public const string JobIdAnnotation = Prefix + "job-id";
    public const string RequeuedAtAnnotation = Prefix + "requeued-at";

    /// <summary>Run time assumed for a Job without a duration annotation, when EASY backfill projects its end.</summary>
    public static readonly TimeSpan UnknownDuration = TimeSpan.FromDays(7);

    public string Key => Spec.Id;

    /// <summary>The id the workload gave the Job (its job-id annotation), or namespace/name.</summary>
    public string WorkloadId => Annotation(Job, JobIdAnnotation) ?? Key;

    /// <summary>The decision the Job's annotations record.</summary>
    public string? Decision => Annotation(Job, JobActions.DecisionAnnotation);

    /// <summary>The nodes of the admission the Job's annotations record, one per worker.</summary>
    public IReadOnlyList<string> AdmittedNodes =>
        Annotation(Job, JobActions.NodesAnnotation) is { Length: > 0 } joined ? joined.Split(',') : [];

    /// <summary>Reads a managed Job; <paramref name="gpuModelLabel"/> is the node label a nodeSelector may name a GPU model with.</summary>
    public static LiveJob Read(V1Job job, string gpuModelLabel)
    {
        ArgumentNullException.ThrowIfNull(job);
        var problems = new List<string>();
        var meta = job.Metadata;
        var id = $"{meta.NamespaceProperty}/{meta.Name}";
        var template = job.Spec?.Template?.Spec;
        var containers = template?.Containers ?? [];
        var gpus = ClusterInventory.Request(containers, ClusterInventory.GpuResource);
        if (gpus != decimal.Truncate(gpus))
        {
            problems.Add($"requests {gpus} {ClusterInventory.GpuResource} per pod; request a whole number");
        }

        var models = Annotation(job, GpuModelsAnnotation)
            ?? (template?.NodeSelector is { } selector && selector.TryGetValue(gpuModelLabel, out var model) ? model : string.Empty);
        var worker = new PodSpec(
            id,
            (long)(ClusterInventory.Request(containers, "cpu") * 1000),
            (long)(ClusterInventory.Request(containers, "memory") / (1024 * 1024)),
            (int)gpus,
            gpus > 0 ? GpuDevice.MilliCapacity : 0,
            models);

        var duration = UnknownDuration;
        if (Annotation(job, DurationAnnotation) is { } durationText)
        {
            if (DurationText.TryParse(durationText, out var seconds))
            {
                duration = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                problems.Add($"annotation {DurationAnnotation} is '{durationText}'; write a duration such as 90s, 45m or 2h30m");
            }
        }

        var priority = template?.Priority ?? 0;
        if (Annotation(job, PriorityAnnotation) is { } priorityText && !int.TryParse(priorityText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out priority))
        {
            problems.Add($"annotation {PriorityAnnotation} is '{priorityText}'; write a whole number");
        }

        var kind = JobKind.Batch;
        if (Annotation(job, KindAnnotation) is { } kindText)
        {
            switch (kindText)
            {
                case "production": kind = JobKind.Production; break;
                case "backfill": kind = JobKind.Backfill; break;
                case "batch": kind = JobKind.Batch; break;
                default: problems.Add($"annotation {KindAnnotation} is '{kindText}'; use production, backfill or batch"); break;
            }
        }

        var submitted = meta.CreationTimestamp ?? DateTime.UnixEpoch;
        if (Annotation(job, SubmitTimeAnnotation) is { } submitText && !TryParseTime(submitText, out submitted))
        {
            problems.Add($"annotation {SubmitTimeAnnotation} is '{submitText}'; write an RFC 3339 time such as 2026-03-02T01:00:00Z");
        }

        var queueTime = submitted;
        if (Annotation(job, RequeuedAtAnnotation) is { } requeuedText && TryParseTime(requeuedText, out var requeued))
        {
            queueTime = requeued;
        }

        long order = 0;
        if (Annotation(job, OrderAnnotation) is { } orderText && !long.TryParse(orderText, NumberStyles.None, CultureInfo.InvariantCulture, out order))
        {
            problems.Add($"annotation {OrderAnnotation} is '{orderText}'; write a whole number of zero or more");
        }

        var workers = job.Spec?.Parallelism ?? 1;
        if (workers < 1)
        {
            problems.Add($"spec.parallelism is {workers}; live mode admits Jobs with at least one worker");
            workers = 1;
        }

        var spec = new JobSpec(
            id,
            kind,
            meta.NamespaceProperty ?? string.Empty,
            Annotation(job, PipelineAnnotation) ?? string.Empty,
            Annotation(job, ConcurrencyGroupAnnotation) ?? string.Empty,
            priority,
            ToEngineTime(submitted),
            duration,
            workers,
            worker,
            null,
            Annotation(job, PartitionAnnotation) ?? string.Empty,
            Annotation(job, ArtifactAnnotation) ?? string.Empty);
        var queue = meta.Labels?.TryGetValue(JobActions.QueueLabel, out var label) == true ? label : string.Empty;
        return new LiveJob(job, spec, queue, StateOf(job, workers), queueTime, order, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Time as the engine counts it: from the Unix epoch, so every process agrees on it.</summary>
    public static TimeSpan ToEngineTime(DateTime time) => time.ToUniversalTime() - DateTime.UnixEpoch;

    /// <summary>Formats a time for the time annotations.</summary>
    public static string FormatTime(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Annotation(V1Job job, string name) =>
        job?.Metadata?.Annotations is { } annotations && annotations.TryGetValue(name, out var value) ? value : null;

    private static bool TryParseTime(string text, out DateTime time)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed.UtcDateTime;
            return true;
        }

        time = default;
        return false;
    }

    private static LiveJobState StateOf(V1Job job, int workers)
    {
        var status = job.Status;
        var succeeded = status?.Succeeded ?? 0;
        if (status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true || (succeeded > 0 && succeeded >= workers))
        {
            return LiveJobState.Succeeded;
        }

        if (status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true)
        {
            return LiveJobState.Failed;
        }

        if (job.Spec?.Suspend == true)
        {
            return LiveJobState.Waiting;
        }

        return Annotation(job, JobActions.DecisionAnnotation) == "admitted" ? LiveJobState.Running : LiveJobState.Unadmitted;
    }
}
