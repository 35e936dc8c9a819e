using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Live;

/// <summary>
/// Keeps the GPU inventory current: lists Nodes and Pods, then watches each from the list's
/// resource version. A watch that ends resumes from the last version seen; a 410 Gone response
/// (the version is too old) starts over with a new list; other errors back off with jitter.
/// </summary>
public sealed class InventoryWatcher(IKubernetes client, string gpuModelLabel, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, V1Node> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Pod> pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Job> jobs = new(StringComparer.Ordinal);
    private readonly HashSet<string> listed = new(StringComparer.Ordinal);

    /// <summary>When true, managed Jobs are watched as well, so that a change to one raises <see cref="Changed"/>.</summary>
    public bool WatchJobs { get; init; }

    /// <summary>Number of full lists made, the first one included.</summary>
    public int Relists { get; private set; }

    /// <summary>Raised after every change to the inventory.</summary>
    public event EventHandler? Changed;

    public ClusterInventory Current
    {
        get
        {
            lock (gate)
            {
                return ClusterInventory.Build([.. nodes.Values], [.. pods.Values], gpuModelLabel);
            }
        }
    }

    /// <summary>True once nodes and pods have each been listed.</summary>
    public bool Synced
    {
        get
        {
            lock (gate)
            {
                return listed.Contains(nameof(V1Node)) && listed.Contains(nameof(V1Pod));
            }
        }
    }

    /// <summary>The nodes and pods as last seen, for an inventory built with other rules.</summary>
    public (IReadOnlyList<V1Node> Nodes, IReadOnlyList<V1Pod> Pods) Snapshot()
    {
        lock (gate)
        {
            return ([.. nodes.Values], [.. pods.Values]);
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        WatchJobs
            ? Follow<V1Job, V1JobList>(
                jobs,
                j => $"{j.Metadata.NamespaceProperty}/{j.Metadata.Name}",
                ct => client.BatchV1.ListJobForAllNamespacesAsync(labelSelector: JobActions.QueueLabel, cancellationToken: ct),
                (version, onError, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(labelSelector: JobActions.QueueLabel, resourceVersion: version, onError: onError, cancellationToken: ct),
                cancellationToken)
            : Task.CompletedTask,
        Follow<V1Node, V1NodeList>(
            nodes,
            n => n.Metadata.Name,
            ct => client.CoreV1.ListNodeAsync(cancellationToken: ct),
            (version, onError, ct) => client.CoreV1.WatchListNodeAsync(resourceVersion: version, onError: onError, cancellationToken: ct),
            cancellationToken),
        Follow<V1Pod, V1PodList>(
            pods,
            p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (version, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(resourceVersion: version, onError: onError, cancellationToken: ct),
            cancellationToken));

    private async Task Follow<T, TList>(
        Dictionary<string, T> store,
        Func<T, string> key,
        Func<CancellationToken, Task<TList>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        var kind = typeof(T).Name[2..];
        string? version = null;
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    var items = await list(cancellationToken).ConfigureAwait(false);
                    lock (gate)
                    {
                        store.Clear();
                        foreach (var item in items.Items)
                        {
                            store[key(item)] = item;
                        }

                        Relists++;
                        listed.Add(typeof(T).Name);
                    }

                    version = items.Metadata.ResourceVersion;
                    backoff = FirstBackoff;
                    Changed?.Invoke(this, EventArgs.Empty);
                }

                // Errors while the stream is open arrive through the callback; the first one ends this watch.
                Exception? failure = null;
                await foreach (var (type, item) in watch(version, e => failure ??= e, cancellationToken).ConfigureAwait(false))
                {
                    lock (gate)
                    {
                        if (type == WatchEventType.Deleted)
                        {
                            store.Remove(key(item));
                        }
                        else if (type is WatchEventType.Added or WatchEventType.Modified)
                        {
                            store[key(item)] = item;
                        }
                    }

                    version = item.Metadata.ResourceVersion ?? version;
                    backoff = FirstBackoff;
                    Changed?.Invoke(this, EventArgs.Empty);
                }

                if (failure is not null)
                {
                    throw failure;
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: a cancelled stream may end with any I/O error.
                return;
            }
            catch (Exception e) when (IsGone(e))
            {
                logger.LogInformation("{Kind} watch at resource version {Version} expired; listing again", kind, version);
                version = null;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or KubernetesException or IOException)
            {
                var delay = backoff * (0.5 + Random.Shared.NextDouble());
                logger.LogWarning("{Kind} watch failed: {Error}; retrying in {Delay:0.0} s", kind, e.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    private static bool IsGone(Exception e) => e switch
    {
        HttpOperationException http => http.Response.StatusCode == HttpStatusCode.Gone,
        KubernetesException kube => kube.Status?.Code == 410,
        _ => false,
    };
}
