using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using ClusterSim.Core;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Live.Tests;

/// <summary>
/// A Kubernetes-API-compatible server on 127.0.0.1 for tests. It serves the version, discovery, Node, Pod and
/// Job lists and watches, single Nodes, Pods and Jobs, Job create, patch and delete, and Event creation, in the
/// API's JSON with resource versions. A built-in Job controller and kubelet run unsuspended Jobs as pods (see
/// <see cref="RunsJobs"/>). Every request is recorded.
/// </summary>
/// <remarks>
/// Every stored object is read and changed under one lock, and every change gets the next resource version and
/// goes into the watch history, so a watch can resume from any version later than the last <see cref="Compact"/>.
/// </remarks>
public sealed partial class TestApiServer : IAsyncDisposable
{
    /// <summary>
    /// Job annotation with how long each of its pods runs, written as in <see cref="DurationText"/>, e.g. "90s" or
    /// "1h30m". A Job without it, or with a value that does not parse, runs until it is suspended or deleted.
    /// </summary>
    public const string DurationAnnotation = "clustersim.io/duration";

    /// <summary>Label that the Job controller puts on each pod with the name of its Job.</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <summary>Label that the Job controller puts on each pod with its index among the Job's pods.</summary>
    public const string CompletionIndexLabel = "batch.kubernetes.io/job-completion-index";

    private const string HostnameLabel = "kubernetes.io/hostname";
    private const string Nodes = "nodes";
    private const string Pods = "pods";
    private const string Jobs = "jobs";

    /// <summary>Fields that field selectors can test, as paths into the object's JSON.</summary>
    private static readonly string[] SelectableFields = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"];

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, V1Node> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Pod> pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobRun> runs = new(StringComparer.Ordinal);
    private readonly List<Change> history = [];
    private readonly List<Watcher> watchers = [];
    private readonly CancellationTokenSource stopping = new();
    private TaskCompletionSource changed = NewSignal();
    private long resourceVersion;
    private long compactedThrough;
    private bool disposed;
    private int failuresLeft;
    private int failureCode;

    private TestApiServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Content types of the patch requests received, in order, e.g. "application/merge-patch+json".</summary>
    public ConcurrentQueue<string> PatchContentTypes { get; } = new();

    /// <summary>Status code returned for every request in place of its response; null serves normally.</summary>
    public int? FailWith { get; set; }

    public Uri Address => new(app.Urls.First());

    /// <summary>Events created through the API, in order.</summary>
    public ConcurrentQueue<JsonObject> Events { get; } = new();

    /// <summary>
    /// Whether the built-in Job controller and kubelet run Jobs, which they do by default. While false, Jobs are
    /// stored and served but no pods are started or stopped for them, except that deleting a Job still deletes
    /// the pods it already has.
    /// </summary>
    public bool RunsJobs { get; set; } = true;

    /// <summary>Returns <paramref name="code"/> for the next <paramref name="count"/> requests.</summary>
    public void FailNext(int code, int count)
    {
        failureCode = code;
        Volatile.Write(ref failuresLeft, count);
    }

    public static async Task<TestApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new TestApiServer(builder.Build());
        server.MapRoutes();
        await server.app.StartAsync().ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            stopping.Cancel();
            foreach (var run in runs.Values)
            {
                run.Stop.Dispose();
            }

            runs.Clear();
        }

        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    /// <summary>Writes a kubeconfig that points at this server with a token it does not check.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {{Address.ToString().TrimEnd('/')}}
            users:
            - name: test
              user:
                token: clustersim-test
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            """);
        return path;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> is true or <paramref name="timeout"/> passes, and returns the
    /// condition's last value. The condition is checked at the start, after every change to a stored object, after
    /// every new watch, and at the start and end of every request, so it should depend only on those. A condition
    /// that only the passing of time makes true is checked once more at the timeout.
    /// </summary>
    public async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = changed.Task;
            }

            if (condition())
            {
                return true;
            }

            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition();
            }
        }
    }

    public void AddNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.ApiVersion = "v1";
        node.Kind = "Node";
        node.Metadata.CreationTimestamp ??= DateTime.UtcNow;
        lock (gate)
        {
            node.Metadata.ResourceVersion = NextVersion();
            var type = nodes.ContainsKey(node.Metadata.Name) ? "MODIFIED" : "ADDED";
            nodes[node.Metadata.Name] = node;
            Publish(Nodes, type, Snapshot.Of(ToJson(node)));
        }
    }

    public void DeleteNode(string name)
    {
        lock (gate)
        {
            if (nodes.Remove(name, out var node))
            {
                node.Metadata.ResourceVersion = NextVersion();
                Publish(Nodes, "DELETED", Snapshot.Of(ToJson(node)));
            }
        }
    }

    public void AddPod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        pod.ApiVersion = "v1";
        pod.Kind = "Pod";
        pod.Metadata.CreationTimestamp ??= DateTime.UtcNow;
        lock (gate)
        {
            var key = Key(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            StorePod(pod, pods.ContainsKey(key) ? "MODIFIED" : "ADDED");
        }
    }

    /// <summary>Returns copies of the pods of Job <paramref name="job"/>, ordered by completion index, then name.</summary>
    public IReadOnlyList<V1Pod> PodsOf(string ns, string job)
    {
        lock (gate)
        {
            return [.. pods.Values
                .Where(p => p.Metadata.NamespaceProperty == ns && Label(p, JobNameLabel) == job)
                .OrderBy(p => int.TryParse(Label(p, CompletionIndexLabel), CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
                .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
                .Select(Clone)];
        }

        static string? Label(V1Pod pod, string key) => pod.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>Stores <paramref name="job"/> as if created through the API, or replaces the Job of that name.</summary>
    public void AddJob(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (gate)
        {
            StoreJob(job);
        }
    }

    /// <summary>Returns a copy of the Job, or throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public V1Job GetJob(string ns, string name) => FindJob(ns, name) ?? throw new KeyNotFoundException($"Job {ns}/{name} not found");

    /// <summary>Returns a copy of the Job, or null when there is none.</summary>
    public V1Job? FindJob(string ns, string name)
    {
        lock (gate)
        {
            return jobs.TryGetValue(Key(ns, name), out var job) ? KubernetesJson.Deserialize<V1Job>(job.ToJsonString()) : null;
        }
    }

    /// <summary>Deletes the Job and its pods, as a delete request does. Returns false when there is no such Job.</summary>
    public bool DeleteJob(string ns, string name)
    {
        lock (gate)
        {
            return RemoveJob(Key(ns, name)) is not null;
        }
    }

    /// <summary>Forgets the event history, so a watch from an older resource version gets 410 Gone, and closes open watches.</summary>
    public void Compact()
    {
        lock (gate)
        {
            compactedThrough = Interlocked.Read(ref resourceVersion);
            history.Clear();
        }

        DropWatches();
    }

    /// <summary>Ends every open watch stream, as an API server does when its watch times out.</summary>
    public void DropWatches()
    {
        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Lines.Writer.TryComplete();
            }

            watchers.Clear();
        }
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static JsonObject ToJson(object item) => JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();

    private static V1Pod Clone(V1Pod pod) => KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));

    /// <summary>Returns the current time as the API writes it, in RFC 3339 with microseconds.</summary>
    private static JsonValue Timestamp() => JsonValue.Create(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    private string NextVersion() => Interlocked.Increment(ref resourceVersion).ToString(CultureInfo.InvariantCulture);

    /// <summary>Wakes every <see cref="WaitForAsync"/> caller so it checks its condition again.</summary>
    private void Signal()
    {
        lock (gate)
        {
            var previous = changed;
            changed = NewSignal();
            previous.TrySetResult();
        }
    }

    /// <summary>Records a change in the history and sends it to the open watches that match it. Callers hold the lock.</summary>
    private void Publish(string resource, string type, Snapshot item)
    {
        history.Add(new Change(Interlocked.Read(ref resourceVersion), resource, type, item));
        foreach (var watcher in watchers.Where(w => w.Resource == resource && w.Matches(item)))
        {
            watcher.Lines.Writer.TryWrite(EventLine(type, item));
        }

        Signal();
    }

    private static string EventLine(string type, Snapshot item) => $"{{\"type\":\"{type}\",\"object\":{item.Json}}}\n";

    /// <summary>Stores the pod with the next resource version and publishes the change. Callers hold the lock.</summary>
    private void StorePod(V1Pod pod, string type)
    {
        pod.Metadata.ResourceVersion = NextVersion();
        pods[Key(pod.Metadata.NamespaceProperty, pod.Metadata.Name)] = pod;
        Publish(Pods, type, Snapshot.Of(ToJson(pod)));
    }

    private void DeletePod(string key)
    {
        if (pods.Remove(key, out var pod))
        {
            pod.Metadata.ResourceVersion = NextVersion();
            Publish(Pods, "DELETED", Snapshot.Of(ToJson(pod)));
        }
    }

    /// <summary>
    /// Fills in the Job's type, uid and creation time, stores it with the next resource version, publishes the
    /// change and lets the controller act on it. Returns the Job as stored. Callers hold the lock.
    /// </summary>
    private JsonObject StoreJob(V1Job job)
    {
        job.ApiVersion = "batch/v1";
        job.Kind = "Job";
        job.Metadata.Uid ??= Guid.NewGuid().ToString();
        job.Metadata.CreationTimestamp ??= DateTime.UtcNow;
        job.Metadata.ResourceVersion = NextVersion();
        var key = Key(job.Metadata.NamespaceProperty, job.Metadata.Name);
        var type = jobs.ContainsKey(key) ? "MODIFIED" : "ADDED";
        var stored = ToJson(job);
        jobs[key] = stored;
        Publish(Jobs, type, Snapshot.Of(stored));
        Reconcile(key);
        return stored;
    }

    /// <summary>Removes the Job, publishes its deletion and deletes its pods. Returns the deleted Job, or null. Callers hold the lock.</summary>
    private JsonObject? RemoveJob(string key)
    {
        if (!jobs.Remove(key, out var job))
        {
            return null;
        }

        var deleted = job.DeepClone().AsObject();
        deleted["metadata"]!["resourceVersion"] = NextVersion();
        Publish(Jobs, "DELETED", Snapshot.Of(deleted));
        StopRun(key);
        return deleted;
    }

    /// <summary>Replaces the Job with a copy whose status <paramref name="change"/> edits, and publishes it. Callers hold the lock.</summary>
    private void UpdateJobStatus(string key, Action<JsonObject> change)
    {
        var job = jobs[key].DeepClone().AsObject();
        if (job["status"] is not JsonObject status)
        {
            status = [];
            job["status"] = status;
        }

        change(status);
        job["metadata"]!["resourceVersion"] = NextVersion();
        jobs[key] = job;
        Publish(Jobs, "MODIFIED", Snapshot.Of(job));
    }

    /// <summary>
    /// Brings the Job's pods in line with its spec: starts a run when the Job is unsuspended, unfinished and has
    /// none, and stops a run that has not finished when the Job is suspended. Callers hold the lock.
    /// </summary>
    private void Reconcile(string key)
    {
        if (!RunsJobs || stopping.IsCancellationRequested || !jobs.TryGetValue(key, out var job))
        {
            return;
        }

        runs.TryGetValue(key, out var run);
        if (job["spec"]?["suspend"]?.GetValueKind() == JsonValueKind.True)
        {
            if (run is { Finished: false })
            {
                StopRun(key);
                UpdateJobStatus(key, status =>
                {
                    status.Remove("active");
                    SetCondition(status, "Suspended", "True", "JobSuspended", "The Job was suspended and its pods were deleted");
                });
            }

            return;
        }

        if (run is null && !IsFinished(job))
        {
            StartRun(key, job);
        }
    }

    private static bool IsFinished(JsonObject job) =>
        job["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => (string?)c?["type"] is "Complete" or "Failed" && (string?)c?["status"] == "True");

    /// <summary>Creates the Job's pods, marks it active, and starts the timer that finishes the run. Callers hold the lock.</summary>
    private void StartRun(string key, JsonObject job)
    {
        var parallelism = job["spec"]?["parallelism"] is JsonValue value && value.TryGetValue<int>(out var count) ? count : 1;
        if (parallelism <= 0)
        {
            return;
        }

        var metadata = job["metadata"]!;
        var name = (string)metadata["name"]!;
        var ns = (string?)metadata["namespace"];
        var uid = (string?)metadata["uid"];
        var template = job["spec"]?["template"] as JsonObject;
        var targets = NodesFor(job, parallelism);
        var keys = new List<string>();
        for (var index = 0; index < parallelism; index++)
        {
            var pod = BuildPod(ns, name, uid, index, targets[index], template);
            StorePod(pod, "ADDED");
            keys.Add(Key(ns, pod.Metadata.Name));
        }

        var run = new JobRun(keys, CancellationTokenSource.CreateLinkedTokenSource(stopping.Token));
        runs[key] = run;
        UpdateJobStatus(key, status =>
        {
            status["active"] = parallelism;
            status["startTime"] = Timestamp();
            if (status["conditions"] is JsonArray conditions && conditions.Any(c => (string?)c?["type"] == "Suspended"))
            {
                SetCondition(status, "Suspended", "False", "JobResumed", "The Job was resumed");
            }
        });

        var annotation = (string?)metadata["annotations"]?[DurationAnnotation];
        if (annotation is not null && DurationText.TryParse(annotation, out var seconds))
        {
            _ = FinishAfterAsync(key, run, TimeSpan.FromSeconds(seconds));
        }
    }

    /// <summary>
    /// Picks the node of each of the Job's <paramref name="count"/> workers: the entries of the nodes annotation
    /// in order, else the values of the template's required hostname affinity in turn, else the first node by
    /// name. A worker gets null when there is no node at all. Callers hold the lock.
    /// </summary>
    private string?[] NodesFor(JsonObject job, int count)
    {
        var listed = (string?)job["metadata"]?["annotations"]?[JobActions.NodesAnnotation];
        var choices = listed?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (choices.Length == 0)
        {
            choices = HostnameAffinity(job);
        }

        if (choices.Length == 0 && nodes.Count > 0)
        {
            choices = [nodes.Keys.Min(StringComparer.Ordinal)!];
        }

        return [.. Enumerable.Range(0, count).Select(i => choices.Length == 0 ? null : choices[i % choices.Length])];
    }

    /// <summary>Returns the values of the first required node affinity expression "kubernetes.io/hostname In (...)" of the Job's pod template.</summary>
    private static string[] HostnameAffinity(JsonObject job)
    {
        var terms = job["spec"]?["template"]?["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;
        var expression = (terms ?? [])
            .SelectMany(term => term?["matchExpressions"] as JsonArray ?? [])
            .FirstOrDefault(e => (string?)e?["key"] == HostnameLabel && (string?)e?["operator"] == "In");
        return [.. (expression?["values"] as JsonArray ?? []).Select(v => (string?)v).OfType<string>()];
    }

    /// <summary>Builds a running pod of the Job from its pod template, as the Job controller and kubelet would leave it.</summary>
    private static V1Pod BuildPod(string? ns, string job, string? uid, int index, string? node, JsonObject? template)
    {
        var labels = template?["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
        labels[JobNameLabel] = job;
        labels["job-name"] = job;
        labels[CompletionIndexLabel] = index.ToString(CultureInfo.InvariantCulture);
        var spec = template?["spec"]?.DeepClone() as JsonObject ?? [];
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        var now = Timestamp();
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{job}-{index}-{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", 5)}",
                ["namespace"] = ns,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = now.DeepClone(),
                ["labels"] = labels,
                ["annotations"] = template?["metadata"]?["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "batch/v1",
                    ["kind"] = "Job",
                    ["name"] = job,
                    ["uid"] = uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject { ["phase"] = "Running", ["startTime"] = now },
        };
        return KubernetesJson.Deserialize<V1Pod>(pod.ToJsonString());
    }

    /// <summary>Finishes the run after <paramref name="duration"/> unless it is stopped first.</summary>
    private async Task FinishAfterAsync(string key, JobRun run, TimeSpan duration)
    {
        try
        {
            await Task.Delay(duration, run.Stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (gate)
        {
            // The run may have been stopped, or replaced by a new one, between the timer firing and taking the lock.
            if (runs.TryGetValue(key, out var current) && ReferenceEquals(current, run) && !run.Finished && jobs.ContainsKey(key))
            {
                Finish(key, run);
            }
        }
    }

    /// <summary>Marks every pod of the run Succeeded and the Job complete. Callers hold the lock.</summary>
    private void Finish(string key, JobRun run)
    {
        run.Finished = true;
        foreach (var podKey in run.Pods)
        {
            if (pods.TryGetValue(podKey, out var pod))
            {
                var done = Clone(pod);
                done.Status.Phase = "Succeeded";
                StorePod(done, "MODIFIED");
            }
        }

        UpdateJobStatus(key, status =>
        {
            status.Remove("active");
            status["succeeded"] = run.Pods.Count;
            status["completionTime"] = Timestamp();
            SetCondition(status, "Complete", "True", "PodsSucceeded", "Every pod of the Job succeeded");
        });
    }

    /// <summary>Cancels the Job's run, if any, and deletes its pods. Callers hold the lock.</summary>
    private void StopRun(string key)
    {
        if (!runs.Remove(key, out var run))
        {
            return;
        }

        run.Stop.Cancel();
        run.Stop.Dispose();
        foreach (var podKey in run.Pods)
        {
            DeletePod(podKey);
        }
    }

    /// <summary>Sets the condition of type <paramref name="type"/> in a Job status, adding it when missing.</summary>
    private static void SetCondition(JsonObject status, string type, string value, string reason, string message)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = type };
            conditions.Add(condition);
        }

        var now = Timestamp();
        if ((string?)condition["status"] != value)
        {
            condition["lastTransitionTime"] = now.DeepClone();
        }

        condition["status"] = value;
        condition["reason"] = reason;
        condition["message"] = message;
        condition["lastProbeTime"] = now;
    }

    /// <summary>Returns the stored objects of a resource in list order. Callers hold the lock.</summary>
    private List<Snapshot> Current(string resource) => resource switch
    {
        Nodes => [.. nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => Snapshot.Of(ToJson(n.Value)))],
        Pods => [.. pods.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Snapshot.Of(ToJson(p.Value)))],
        _ => [.. jobs.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j => Snapshot.Of(j.Value))],
    };

    /// <summary>Serves a list, or with watch=true a watch, of a resource, optionally of one namespace.</summary>
    private async Task ServeList(HttpContext context, string resource, string? ns)
    {
        var query = context.Request.Query;
        if (!Selector.TryParse(query["labelSelector"], out var labels) || !Selector.TryParse(query["fieldSelector"], out var fields))
        {
            await WriteStatus(context, 400, "BadRequest", $"invalid selector in {context.Request.QueryString}").ConfigureAwait(false);
            return;
        }

        bool Matches(Snapshot item) => (ns is null || item.Namespace == ns) && labels.Matches(item.Labels) && fields.Matches(item.Fields);
        if (query["watch"] is not ["true"] and not ["1"])
        {
            var (kind, apiVersion) = resource switch { Nodes => ("NodeList", "v1"), Pods => ("PodList", "v1"), _ => ("JobList", "batch/v1") };
            string body;
            lock (gate)
            {
                var items = string.Join(',', Current(resource).Where(Matches).Select(i => i.Json));
                body = $$"""{"kind":"{{kind}}","apiVersion":"{{apiVersion}}","metadata":{"resourceVersion":"{{Interlocked.Read(ref resourceVersion)}}"},"items":[{{items}}]}""";
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body).ConfigureAwait(false);
            return;
        }

        // Without a resource version, or with "0", a watch starts with the current objects as ADDED events, as the
        // API does. From a later version it replays the history after that version, unless it was compacted.
        _ = long.TryParse(query["resourceVersion"], CultureInfo.InvariantCulture, out var from);
        var watcher = new Watcher(resource, Matches, Channel.CreateUnbounded<string>());
        List<string>? backlog = null;
        lock (gate)
        {
            if (from <= 0 || from >= compactedThrough)
            {
                backlog = from > 0
                    ? [.. history.Where(h => h.Resource == resource && h.Version > from && Matches(h.Item)).Select(h => EventLine(h.Type, h.Item))]
                    : [.. Current(resource).Where(Matches).Select(i => EventLine("ADDED", i))];
                watchers.Add(watcher);
                Signal();
            }
        }

        if (backlog is null)
        {
            await WriteStatus(context, 410, "Expired").ConfigureAwait(false);
            return;
        }

        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (long.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            end.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        try
        {
            context.Response.ContentType = "application/json";
            foreach (var line in backlog)
            {
                await context.Response.WriteAsync(line, end.Token).ConfigureAwait(false);
            }

            await context.Response.Body.FlushAsync(end.Token).ConfigureAwait(false);
            await foreach (var line in watcher.Lines.Reader.ReadAllAsync(end.Token).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(line, end.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(end.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client closed the watch, or its timeoutSeconds passed.
        }
        finally
        {
            lock (gate)
            {
                watchers.Remove(watcher);
            }
        }
    }

    /// <summary>Serves one object, or 404 when <paramref name="find"/> returns null.</summary>
    private async Task ServeOne(HttpContext context, Func<string?> find)
    {
        string? body;
        lock (gate)
        {
            body = find();
        }

        if (body is null)
        {
            await WriteStatus(context, 404, "NotFound").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body).ConfigureAwait(false);
    }

    private async Task CreateJob(HttpContext context, string ns)
    {
        using var reader = new StreamReader(context.Request.Body);
        var job = KubernetesJson.Deserialize<V1Job>(await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false));
        job.Metadata.NamespaceProperty = ns;
        string? body = null;
        lock (gate)
        {
            if (!jobs.ContainsKey(Key(ns, job.Metadata.Name)))
            {
                body = StoreJob(job).ToJsonString();
            }
        }

        if (body is null)
        {
            await WriteStatus(context, 409, "AlreadyExists").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body).ConfigureAwait(false);
    }

    private async Task ServeDeleteJob(HttpContext context, string ns, string name)
    {
        string? body;
        lock (gate)
        {
            body = RemoveJob(Key(ns, name))?.ToJsonString();
        }

        if (body is null)
        {
            await WriteStatus(context, 404, "NotFound").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>
    /// Patches a Job with a JSON merge patch, a strategic merge patch or a JSON patch, chosen by the content type.
    /// A merge patch that carries metadata.resourceVersion fails with 409 unless it is the Job's current version.
    /// </summary>
    private async Task PatchJob(HttpContext context, string ns, string name)
    {
        var mediaType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
        PatchContentTypes.Enqueue(mediaType);
        bool Is(string expected) => string.Equals(mediaType, expected, StringComparison.OrdinalIgnoreCase);
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            await WriteStatus(context, 400, "BadRequest", $"invalid patch JSON: {e.Message}").ConfigureAwait(false);
            return;
        }

        Func<JsonObject, JsonNode?>? apply = null;
        if (Is("application/merge-patch+json"))
        {
            apply = job => MergePatch(job, patch);
        }
        else if (Is("application/strategic-merge-patch+json"))
        {
            // NOTE: lists are replaced as in a merge patch, not merged by their merge keys.
            apply = job => MergePatch(job, WithoutDirectives(patch));
        }
        else if (Is("application/json-patch+json") && patch is JsonArray operations)
        {
            apply = job => JsonPatch(job, operations);
        }

        if (apply is null)
        {
            await WriteStatus(context, 415, "UnsupportedMediaType", $"patch content type {mediaType} not supported with this body").ConfigureAwait(false);
            return;
        }

        var expectedVersion = patch is JsonObject { } changes && changes["metadata"] is JsonObject patchMetadata ? patchMetadata["resourceVersion"]?.ToString() : null;
        var (code, reason, detail, body) = (200, string.Empty, (string?)null, string.Empty);
        lock (gate)
        {
            var key = Key(ns, name);
            if (!jobs.TryGetValue(key, out var job))
            {
                (code, reason) = (404, "NotFound");
            }
            else if (expectedVersion is not null && expectedVersion != (string?)job["metadata"]?["resourceVersion"])
            {
                (code, reason, detail) = (409, "Conflict", $"resource version {expectedVersion} is not the current {job["metadata"]?["resourceVersion"]}");
            }
            else if (!TryApply(apply, job, out var patched, out var error))
            {
                (code, reason, detail) = (422, "Invalid", error);
            }
            else
            {
                // The patch cannot rename the Job or change its identity.
                var metadata = patched["metadata"] as JsonObject ?? [];
                patched["metadata"] = metadata;
                foreach (var field in (string[])["name", "namespace", "uid", "creationTimestamp"])
                {
                    metadata[field] = job["metadata"]?[field]?.DeepClone();
                }

                metadata["resourceVersion"] = NextVersion();
                jobs[key] = patched;
                Publish(Jobs, "MODIFIED", Snapshot.Of(patched));
                body = patched.ToJsonString();
                Reconcile(key);
            }
        }

        if (code != 200)
        {
            await WriteStatus(context, code, reason, detail).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a patch to a Job. Returns false, with the reason in <paramref name="error"/>, when the patch fails
    /// or its result is not a Job, for example because a field has the wrong JSON type.
    /// </summary>
    private static bool TryApply(Func<JsonObject, JsonNode?> apply, JsonObject job, [NotNullWhen(true)] out JsonObject? patched, out string? error)
    {
        try
        {
            patched = apply(job) as JsonObject;
            error = patched is null ? "the patched Job is not a JSON object" : null;
            if (patched is not null)
            {
                _ = KubernetesJson.Deserialize<V1Job>(patched.ToJsonString());
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            (patched, error) = (null, e.Message);
        }

        return patched is not null;
    }

    /// <summary>Applies a JSON merge patch (RFC 7386) to <paramref name="target"/> and returns the result.</summary>
    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject original ? original.DeepClone().AsObject() : [];
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key]?.DeepClone(), value);
            }
        }

        return result;
    }

    /// <summary>Returns a copy of a strategic merge patch without its directives, the keys that start with "$".</summary>
    private static JsonNode? WithoutDirectives(JsonNode? patch)
    {
        if (patch is not JsonObject changes)
        {
            return patch?.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in changes.Where(c => !c.Key.StartsWith('$')))
        {
            result[key] = WithoutDirectives(value);
        }

        return result;
    }

    /// <summary>
    /// Applies a JSON patch (RFC 6902) to a copy of <paramref name="target"/> and returns it. A failed test or a
    /// path that does not exist throws <see cref="InvalidOperationException"/>.
    /// </summary>
    private static JsonNode? JsonPatch(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            var op = (string?)operation?["op"];
            var path = (string?)operation?["path"] ?? throw new InvalidOperationException("JSON patch operation is missing its path");
            var from = (string?)operation?["from"];
            switch (op)
            {
                case "add":
                    document = PointerAdd(document, path, operation?["value"]?.DeepClone());
                    break;
                case "remove":
                    document = PointerRemove(document, path, out _);
                    break;
                case "replace":
                    document = PointerRemove(document, path, out _);
                    document = PointerAdd(document, path, operation?["value"]?.DeepClone());
                    break;
                case "move" when from is not null:
                    document = PointerRemove(document, from, out var moved);
                    document = PointerAdd(document, path, moved);
                    break;
                case "copy" when from is not null:
                    document = PointerAdd(document, path, PointerGet(document, from)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(PointerGet(document, path), operation?["value"]))
                    {
                        throw new InvalidOperationException($"JSON patch test failed at {path}");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Invalid JSON patch operation {op}");
            }
        }

        return document;
    }

    /// <summary>Splits a JSON pointer (RFC 6901) into its unescaped reference tokens.</summary>
    private static string[] PointerTokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer.StartsWith('/')
            ? [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))]
            : throw new FormatException($"JSON pointer {pointer} does not start with /");

    private static JsonNode? PointerGet(JsonNode? document, string pointer)
    {
        var node = document;
        foreach (var token in PointerTokens(pointer))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < array.Count => array[i],
                _ => throw new InvalidOperationException($"JSON pointer {pointer} not found"),
            };
        }

        return node;
    }

    private static JsonNode? PointerAdd(JsonNode? document, string pointer, JsonNode? value)
    {
        var tokens = PointerTokens(pointer);
        if (tokens.Length == 0)
        {
            return value;
        }

        var parent = PointerGet(document, "/" + string.Join('/', tokens[..^1].Select(Escape)).TrimStart('/'));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw new InvalidOperationException($"Parent of JSON pointer {pointer} not found");
        }

        return document;
    }

    private static JsonNode? PointerRemove(JsonNode? document, string pointer, out JsonNode? removed)
    {
        var tokens = PointerTokens(pointer);
        if (tokens.Length == 0)
        {
            removed = document;
            return null;
        }

        var parent = PointerGet(document, "/" + string.Join('/', tokens[..^1].Select(Escape)).TrimStart('/'));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out removed):
                obj.Remove(last);
                break;
            case JsonArray array when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < array.Count:
                removed = array[i];
                array.RemoveAt(i);
                break;
            default:
                throw new InvalidOperationException($"JSON pointer {pointer} not found");
        }

        return document;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private async Task CreateEvent(HttpContext context, string ns)
    {
        using var reader = new StreamReader(context.Request.Body);
        var record = JsonNode.Parse(await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false))!.AsObject();
        var metadata = record["metadata"]!.AsObject();
        metadata["name"] = $"{metadata["generateName"]}{Events.Count}";
        metadata["namespace"] = ns;
        lock (gate)
        {
            metadata["resourceVersion"] = NextVersion();
        }

        Events.Enqueue(record);
        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(record.ToJsonString()).ConfigureAwait(false);
    }

    private void MapRoutes()
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            Signal();
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                var reason = failureCode switch { 409 => "Conflict", 429 => "TooManyRequests", _ => "InternalError" };
                await WriteStatus(context, failureCode, reason).ConfigureAwait(false);
                return;
            }

            Interlocked.Exchange(ref failuresLeft, 0);
            if (FailWith is { } code)
            {
                await WriteStatus(context, code, code == 403 ? "Forbidden" : "InternalError").ConfigureAwait(false);
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                // Wakes WaitForAsync callers whose condition depends on what the request changed, such as Events.
                Signal();
            }
        });
        app.MapGet("/version", () => Json(new JsonObject { ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.0", ["platform"] = "linux/amd64" }));
        app.MapGet("/api", () => Json(new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() }));
        app.MapGet("/apis", () => Json(new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "batch",
                ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "batch/v1", ["version"] = "v1" }),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = "batch/v1", ["version"] = "v1" },
            }),
        }));
        app.MapGet("/apis/batch/v1", () => Json(new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "batch/v1",
            ["resources"] = new JsonArray(Resource("jobs", "Job", true, "job")),
        }));
        app.MapGet("/apis/batch/v1/jobs", context => ServeList(context, Jobs, null));
        app.MapGet("/apis/batch/v1/namespaces/{ns}/jobs", (HttpContext context, string ns) => ServeList(context, Jobs, ns));
        app.MapGet("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (HttpContext context, string ns, string name) =>
            ServeOne(context, () => jobs.GetValueOrDefault(Key(ns, name))?.ToJsonString()));
        app.MapPost("/apis/batch/v1/namespaces/{ns}/jobs", (HttpContext context, string ns) => CreateJob(context, ns));
        app.MapDelete("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (HttpContext context, string ns, string name) => ServeDeleteJob(context, ns, name));
        app.MapMethods("/apis/batch/v1/namespaces/{ns}/jobs/{name}", ["PATCH"], (HttpContext context, string ns, string name) => PatchJob(context, ns, name));
        app.MapPost("/api/v1/namespaces/{ns}/events", (HttpContext context, string ns) => CreateEvent(context, ns));
        app.MapGet("/api/v1", () => Json(new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "v1",
            ["resources"] = new JsonArray(Resource("nodes", "Node", false, "no"), Resource("pods", "Pod", true, "po")),
        }));
        app.MapGet("/api/v1/nodes", context => ServeList(context, Nodes, null));
        app.MapGet("/api/v1/nodes/{name}", (HttpContext context, string name) =>
            ServeOne(context, () => nodes.TryGetValue(name, out var node) ? KubernetesJson.Serialize(node) : null));
        app.MapGet("/api/v1/pods", context => ServeList(context, Pods, null));
        app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext context, string ns) => ServeList(context, Pods, ns));
        app.MapGet("/api/v1/namespaces/{ns}/pods/{name}", (HttpContext context, string ns, string name) =>
            ServeOne(context, () => pods.TryGetValue(Key(ns, name), out var pod) ? KubernetesJson.Serialize(pod) : null));
        app.MapFallback(context => WriteStatus(context, 404, "NotFound"));
    }

    private static JsonObject Resource(string name, string kind, bool namespaced, string shortName) => new()
    {
        ["name"] = name,
        ["singularName"] = kind.ToLowerInvariant(),
        ["namespaced"] = namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray("get", "list", "watch", "create", "patch", "delete"),
        ["shortNames"] = new JsonArray(shortName),
    };

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    /// <summary>Writes a Status response whose message contains the path and <paramref name="detail"/>, or the reason when there is no detail.</summary>
    private static Task WriteStatus(HttpContext context, int code, string reason, string? detail = null)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = $"{context.Request.Path}: {detail ?? reason}",
            ["reason"] = reason,
            ["code"] = code,
        };
        return context.Response.WriteAsync(status.ToJsonString());
    }

    /// <summary>A stored object as sent to clients, with the namespace, labels and fields that selectors test.</summary>
    private sealed record Snapshot(string? Namespace, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Fields, string Json)
    {
        public static Snapshot Of(JsonObject item)
        {
            var metadata = item["metadata"] as JsonObject;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in metadata?["labels"] as JsonObject ?? [])
            {
                if (value is JsonValue text && text.TryGetValue<string>(out var label))
                {
                    labels[key] = label;
                }
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in SelectableFields)
            {
                JsonNode? node = item;
                foreach (var part in path.Split('.'))
                {
                    node = node?[part];
                }

                if (node is JsonValue text && text.TryGetValue<string>(out var field))
                {
                    fields[path] = field;
                }
            }

            return new((string?)metadata?["namespace"], labels, fields, item.ToJsonString());
        }
    }

    private sealed record Change(long Version, string Resource, string Type, Snapshot Item);

    private sealed record Watcher(string Resource, Func<Snapshot, bool> Matches, Channel<string> Lines);

    /// <summary>The pods of one run of a Job and the source that cancels its timer.</summary>
    private sealed class JobRun(IReadOnlyList<string> pods, CancellationTokenSource stop)
    {
        public IReadOnlyList<string> Pods { get; } = pods;

        public CancellationTokenSource Stop { get; } = stop;

        public bool Finished { get; set; }
    }

    /// <summary>
    /// A label or field selector: comma-separated requirements that must all hold. A requirement is "key",
    /// "!key", "key=value", "key==value", "key!=value", "key in (a,b)" or "key notin (a,b)".
    /// </summary>
    private sealed partial class Selector(IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> requirements)
    {
        public bool Matches(IReadOnlyDictionary<string, string> values) => requirements.All(r => r(values));

        public static bool TryParse(string? text, [NotNullWhen(true)] out Selector? selector)
        {
            selector = null;
            var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
            foreach (var term in Terms(text ?? string.Empty))
            {
                var set = SetRequirement().Match(term);
                if (set.Success)
                {
                    var setKey = set.Groups["key"].Value;
                    var members = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                    var notIn = set.Groups["op"].Value == "notin";
                    requirements.Add(v => v.TryGetValue(setKey, out var found) ? members.Contains(found) != notIn : notIn);
                    continue;
                }

                var (key, op, value) = term switch
                {
                    ['!', .. var rest] => (rest.Trim(), "!", string.Empty),
                    _ when term.Contains("!=", StringComparison.Ordinal) => Split(term, "!="),
                    _ when term.Contains("==", StringComparison.Ordinal) => Split(term, "=="),
                    _ when term.Contains('=', StringComparison.Ordinal) => Split(term, "="),
                    _ => (term, string.Empty, string.Empty),
                };
                if (key.Length == 0 || key.Contains(' ', StringComparison.Ordinal))
                {
                    return false;
                }

                requirements.Add(op switch
                {
                    "!" => v => !v.ContainsKey(key),
                    "!=" => v => !v.TryGetValue(key, out var found) || found != value,
                    "=" or "==" => v => v.TryGetValue(key, out var found) && found == value,
                    _ => v => v.ContainsKey(key),
                });
            }

            selector = new Selector(requirements);
            return true;
        }

        private static (string Key, string Op, string Value) Split(string term, string op)
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            return (term[..at].Trim(), op, term[(at + op.Length)..].Trim());
        }

        /// <summary>Splits a selector at the commas outside parentheses and trims each requirement.</summary>
        private static IEnumerable<string> Terms(string text)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || (text[i] == ',' && depth == 0))
                {
                    var term = text[start..i].Trim();
                    if (term.Length > 0)
                    {
                        yield return term;
                    }

                    start = i + 1;
                }
                else if (text[i] == '(')
                {
                    depth++;
                }
                else if (text[i] == ')')
                {
                    depth--;
                }
            }
        }

        [GeneratedRegex(@"^(?<key>\S+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
        private static partial Regex SetRequirement();
    }
}
