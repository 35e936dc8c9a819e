using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Live.Tests;

/// <summary>
/// A Kubernetes-API-compatible server on 127.0.0.1 for tests: version, legacy discovery, and
/// Node and Pod lists and watches, Jobs (list, get, create, merge patch, delete) and Event creation in the API's
/// JSON with resource versions. Every request is recorded.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, V1Node> nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1Pod> pods = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly List<(long Version, string Resource, string Type, object Item)> history = [];
    private readonly List<(string Resource, Channel<string> Lines)> watchers = [];
    private long resourceVersion;
    private readonly ConcurrentDictionary<string, JsonObject> jobs = new(StringComparer.Ordinal);
    private long compactedThrough;
    private int failuresLeft;
    private int failureCode;

    private TestApiServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Status code returned for every request in place of its response; null serves normally.</summary>
    public int? FailWith { get; set; }

    public Uri Address => new(app.Urls.First());

    /// <summary>Events created through the API, in order.</summary>
    public ConcurrentQueue<JsonObject> Events { get; } = new();

    /// <summary>Returns <paramref name="code"/> for the next <paramref name="count"/> requests.</summary>
    public void FailNext(int code, int count)
    {
        failureCode = code;
        Volatile.Write(ref failuresLeft, count);
    }

    public void AddJob(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.ApiVersion = "batch/v1";
        job.Kind = "Job";
        job.Metadata.Uid ??= Guid.NewGuid().ToString();
        job.Metadata.CreationTimestamp ??= DateTime.UtcNow;
        lock (gate)
        {
            job.Metadata.ResourceVersion = NextVersion();
            jobs[$"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}"] = JsonNode.Parse(KubernetesJson.Serialize(job))!.AsObject();
        }
    }

    public V1Job GetJob(string ns, string name) => KubernetesJson.Deserialize<V1Job>(jobs[$"{ns}/{name}"].ToJsonString());

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

    private async Task PatchJob(HttpContext context, string ns, string name)
    {
        using var reader = new StreamReader(context.Request.Body);
        var patch = JsonNode.Parse(await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false));
        string body;
        lock (gate)
        {
            if (!jobs.TryGetValue($"{ns}/{name}", out var job))
            {
                body = string.Empty;
            }
            else
            {
                var patched = MergePatch(job, patch)!.AsObject();
                patched["metadata"]!["resourceVersion"] = NextVersion();
                jobs[$"{ns}/{name}"] = patched;
                body = patched.ToJsonString();
            }
        }

        if (body.Length == 0)
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
        if (jobs.ContainsKey($"{ns}/{job.Metadata.Name}"))
        {
            await WriteStatus(context, 409, "AlreadyExists").ConfigureAwait(false);
            return;
        }

        AddJob(job);
        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(jobs[$"{ns}/{job.Metadata.Name}"].ToJsonString()).ConfigureAwait(false);
    }

    private async Task DeleteJob(HttpContext context, string ns, string name)
    {
        if (!jobs.TryRemove($"{ns}/{name}", out var job))
        {
            await WriteStatus(context, 404, "NotFound").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(job.ToJsonString()).ConfigureAwait(false);
    }

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

    /// <summary>Lists Jobs, optionally of one namespace and with a label selector of one key, e.g. "app" or "app=x".</summary>
    private string JobList(string? ns, string? selector = null)
    {
        var (label, value) = selector?.Split('=', 2) switch
        {
            null or [""] => (null, null),
            [var key] => (key, null),
            [var key, var wanted] => (key, wanted),
            _ => (null, null),
        };
        var list = new JsonObject
        {
            ["kind"] = "JobList",
            ["apiVersion"] = "batch/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. jobs.Where(j => ns is null || j.Key.StartsWith($"{ns}/", StringComparison.Ordinal))
                .Where(j => label is null || (j.Value["metadata"]?["labels"]?[label] is { } found && (value is null || (string?)found == value))).OrderBy(j => j.Key, StringComparer.Ordinal).Select(j => j.Value.DeepClone())]),
        };
        return list.ToJsonString();
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
            Publish("nodes", type, node);
        }
    }

    public void DeleteNode(string name)
    {
        lock (gate)
        {
            if (nodes.TryRemove(name, out var node))
            {
                node.Metadata.ResourceVersion = NextVersion();
                Publish("nodes", "DELETED", node);
            }
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
            foreach (var (_, lines) in watchers)
            {
                lines.Writer.TryComplete();
            }

            watchers.Clear();
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
            pod.Metadata.ResourceVersion = NextVersion();
            var key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
            var type = pods.ContainsKey(key) ? "MODIFIED" : "ADDED";
            pods[key] = pod;
            Publish("pods", type, pod);
        }
    }

    private void Publish(string resource, string type, object item)
    {
        var version = Interlocked.Read(ref resourceVersion);
        history.Add((version, resource, type, item));
        foreach (var (watched, lines) in watchers.Where(w => w.Resource == resource))
        {
            lines.Writer.TryWrite(EventLine(type, item));
        }
    }

    private static string EventLine(string type, object item) => $"{{\"type\":\"{type}\",\"object\":{KubernetesJson.Serialize(item)}}}\n";

    private async Task ServeList(HttpContext context, string resource, Func<object> list)
    {
        var query = context.Request.Query;
        if (query["watch"] is not ["true"] and not ["1"])
        {
            string body;
            lock (gate)
            {
                body = KubernetesJson.Serialize(list());
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body).ConfigureAwait(false);
            return;
        }

        _ = long.TryParse(query["resourceVersion"], System.Globalization.CultureInfo.InvariantCulture, out var from);
        var lines = Channel.CreateUnbounded<string>();
        List<string> backlog;
        lock (gate)
        {
            if (from < compactedThrough)
            {
                backlog = [];
            }
            else
            {
                backlog = [.. history.Where(h => h.Resource == resource && h.Version > from).Select(h => EventLine(h.Type, h.Item))];
                watchers.Add((resource, lines));
            }
        }

        if (from < compactedThrough)
        {
            await WriteStatus(context, 410, "Expired").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        foreach (var line in backlog)
        {
            await context.Response.WriteAsync(line).ConfigureAwait(false);
        }

        await context.Response.Body.FlushAsync().ConfigureAwait(false);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(line).ConfigureAwait(false);
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client closed the watch.
        }
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

    public async ValueTask DisposeAsync() => await app.DisposeAsync().ConfigureAwait(false);

    private string NextVersion() => Interlocked.Increment(ref resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void MapRoutes()
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
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

            await next(context).ConfigureAwait(false);
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
        app.MapGet("/apis/batch/v1/jobs", (HttpContext context) => Results.Text(JobList(null, context.Request.Query["labelSelector"]), "application/json"));
        app.MapGet("/apis/batch/v1/namespaces/{ns}/jobs", (string ns) => Results.Text(JobList(ns), "application/json"));
        app.MapGet("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (HttpContext context, string ns, string name) =>
            jobs.TryGetValue($"{ns}/{name}", out var job) ? context.Response.WriteAsJsonAsync(job) : WriteStatus(context, 404, "NotFound"));
        app.MapPost("/apis/batch/v1/namespaces/{ns}/jobs", (HttpContext context, string ns) => CreateJob(context, ns));
        app.MapDelete("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (HttpContext context, string ns, string name) => DeleteJob(context, ns, name));
        app.MapMethods("/apis/batch/v1/namespaces/{ns}/jobs/{name}", ["PATCH"], (HttpContext context, string ns, string name) => PatchJob(context, ns, name));
        app.MapPost("/api/v1/namespaces/{ns}/events", (HttpContext context, string ns) => CreateEvent(context, ns));
        app.MapGet("/api/v1", () => Json(new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "v1",
            ["resources"] = new JsonArray(Resource("nodes", "Node", false, "no"), Resource("pods", "Pod", true, "po")),
        }));
        app.MapGet("/api/v1/nodes", context => ServeList(context, "nodes", () => new V1NodeList { ApiVersion = "v1", Kind = "NodeList", Items = [.. nodes.Values.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)], Metadata = ListMeta() }));
        app.MapGet("/api/v1/pods", context => ServeList(context, "pods", () => new V1PodList { ApiVersion = "v1", Kind = "PodList", Items = [.. pods.Values], Metadata = ListMeta() }));
        app.MapFallback(context => WriteStatus(context, 404, "NotFound"));
    }

    private V1ListMeta ListMeta() => new() { ResourceVersion = Interlocked.Read(ref resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture) };

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

    private static Task WriteStatus(HttpContext context, int code, string reason)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = $"{context.Request.Path}: {reason}",
            ["reason"] = reason,
            ["code"] = code,
        };
        return context.Response.WriteAsync(status.ToJsonString());
    }
}
