using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ClusterSim.Live;

/// <summary>
/// Carries out the engine's decisions on managed batch/v1 Jobs: admit (place and unsuspend),
/// hold (record the reason) and preempt (suspend again). Each decision is written to the Job's
/// annotations, so a restarted live mode can tell what was already done, and a decision the Job
/// already carries is not written again.
/// </summary>
public sealed class JobActions(IKubernetes client, TimeSpan? firstRetryDelay = null)
{
    public const string QueueLabel = "clustersim.io/queue";
    public const string DecisionAnnotation = "clustersim.io/decision";
    public const string NodesAnnotation = "clustersim.io/nodes";
    public const string ReasonAnnotation = "clustersim.io/reason";
    public const string DetailAnnotation = "clustersim.io/detail";
    private readonly TimeSpan firstDelay = firstRetryDelay ?? ApiRetry.FirstDelay;

    /// <summary>Number of requests retried after a 409, 429 or 5xx response.</summary>
    public int Retries { get; private set; }

    public static bool IsManaged(V1Job job) => job?.Metadata?.Labels?.ContainsKey(QueueLabel) == true;

    /// <summary>
    /// Pins the suspended Job's pods to <paramref name="nodes"/> (one entry per worker, recorded in
    /// the nodes annotation) through required node affinity on the node's hostname label and
    /// unsuspends it. Returns false when the Job already carries
    /// this admission.
    /// </summary>
    public async Task<bool> AdmitAsync(V1Job job, IReadOnlyList<string> nodes, CancellationToken cancellationToken)
    {
        RequireManaged(job);
        var joined = string.Join(',', nodes);
        if (Annotation(job, DecisionAnnotation) == "admitted" && Annotation(job, NodesAnnotation) == joined)
        {
            return false;
        }

        var patch = new JsonObject
        {
            ["metadata"] = Annotations(("admitted", joined, null)),
            ["spec"] = new JsonObject
            {
                ["suspend"] = false,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["affinity"] = new JsonObject
                        {
                            ["nodeAffinity"] = new JsonObject
                            {
                                ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
                                {
                                    ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                                    {
                                        ["matchExpressions"] = new JsonArray(new JsonObject
                                        {
                                            ["key"] = "kubernetes.io/hostname",
                                            ["operator"] = "In",
                                            ["values"] = new JsonArray([.. nodes.Distinct(StringComparer.Ordinal).Select(n => JsonValue.Create(n))]),
                                        }),
                                    }),
                                },
                            },
                        },
                    },
                },
            },
        };
        await PatchAsync(job, patch, cancellationToken).ConfigureAwait(false);
        await RecordEventAsync(job, "Admitted", $"admitted on {joined}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Records why the Job waits, as annotations (the reason, and the sentence behind it) and a
    /// Kubernetes Event. Returns false when the Job already carries a hold for this reason, so the
    /// numbers in the detail, which change from cycle to cycle, are not rewritten each time.
    /// </summary>
    public async Task<bool> HoldAsync(V1Job job, string reason, CancellationToken cancellationToken, string? detail = null)
    {
        RequireManaged(job);
        if (Annotation(job, DecisionAnnotation) == "held" && Annotation(job, ReasonAnnotation) == reason)
        {
            return false;
        }

        var metadata = Annotations(("held", null, reason));
        metadata["annotations"]![DetailAnnotation] = detail;
        await PatchAsync(job, new JsonObject { ["metadata"] = metadata }, cancellationToken).ConfigureAwait(false);
        await RecordEventAsync(job, "Held", detail is null ? reason : $"{reason}: {detail}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Suspends the running Job again, which removes its pods, and records why. Returns false when
    /// the Job already carries this preemption.
    /// </summary>
    public async Task<bool> PreemptAsync(V1Job job, string reason, CancellationToken cancellationToken)
    {
        RequireManaged(job);
        if (Annotation(job, DecisionAnnotation) == "preempted" && Annotation(job, ReasonAnnotation) == reason)
        {
            return false;
        }

        // The Job queues again from the time of its preemption, as an evicted workload does in Kueue.
        var metadata = Annotations(("preempted", null, reason));
        metadata["annotations"]![LiveJob.RequeuedAtAnnotation] = LiveJob.FormatTime(DateTime.UtcNow);
        var patch = new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["suspend"] = true },
        };
        await PatchAsync(job, patch, cancellationToken).ConfigureAwait(false);
        await RecordEventAsync(job, "Preempted", reason, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static void RequireManaged(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!IsManaged(job))
        {
            throw new InvalidOperationException($"Job {job.Metadata?.NamespaceProperty}/{job.Metadata?.Name} has no {QueueLabel} label, so live mode must not change it.");
        }
    }

    private static string? Annotation(V1Job job, string name) =>
        job.Metadata?.Annotations is { } annotations && annotations.TryGetValue(name, out var value) ? value : null;

    // A null value removes the annotation under JSON merge patch.
    private static JsonObject Annotations((string Decision, string? Nodes, string? Reason) values) => new()
    {
        ["annotations"] = new JsonObject
        {
            [DecisionAnnotation] = values.Decision,
            [NodesAnnotation] = values.Nodes,
            [ReasonAnnotation] = values.Reason,
            [DetailAnnotation] = null,
        },
    };

    private Task<V1Job> PatchAsync(V1Job job, JsonObject patch, CancellationToken cancellationToken) => RetryAsync(
        () => client.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
        cancellationToken);

    private Task<Corev1Event> RecordEventAsync(V1Job job, string reason, string message, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var record = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = $"{job.Metadata.Name}.", NamespaceProperty = job.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "batch/v1",
                Kind = "Job",
                Name = job.Metadata.Name,
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Uid = job.Metadata.Uid,
            },
            Reason = reason,
            Message = message,
            Type = "Normal",
            Source = new V1EventSource { Component = "clustersim" },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        return RetryAsync(() => client.CoreV1.CreateNamespacedEventAsync(record, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken), cancellationToken);
    }

    private Task<T> RetryAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken) =>
        ApiRetry.RunAsync(request, firstDelay, cancellationToken, onRetry: () => Retries++);
}
