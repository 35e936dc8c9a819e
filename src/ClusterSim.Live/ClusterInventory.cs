using ClusterSim.Core;
using k8s.Models;

namespace ClusterSim.Live;

/// <summary>A node that takes no new pods, and the reason it is left out.</summary>
public sealed record ExcludedNode(string Name, string Reason);

/// <summary>
/// A schedulable node read from the API server, with the GPUs that pods already on it request.
/// </summary>
public sealed record LiveNode(NodeSpec Spec, int GpusInUse)
{
    public int GpusFree => Math.Max(0, Spec.GpuCount - GpusInUse);

    /// <summary>CPU that pods on the node request, in millicores.</summary>
    public long CpuMilliInUse { get; init; }

    /// <summary>Memory that pods on the node request, in MiB.</summary>
    public long MemoryMibInUse { get; init; }

    /// <summary>The node with what its pods request taken away: the room left for new workers.</summary>
    public NodeSpec Free => Spec with
    {
        GpuCount = GpusFree,
        CpuMilli = Math.Max(0, Spec.CpuMilli - CpuMilliInUse),
        MemoryMib = Math.Max(0, Spec.MemoryMib - MemoryMibInUse),
    };
}

/// <summary>The GPU nodes live mode may place on, and the nodes it leaves out.</summary>
public sealed record ClusterInventory(IReadOnlyList<LiveNode> Nodes, IReadOnlyList<ExcludedNode> Excluded)
{
    public const string GpuResource = "nvidia.com/gpu";
    public const string DefaultGpuModelLabel = "nvidia.com/gpu.product";
    public const string UnknownGpuModel = "unknown";

    /// <summary>
    /// Builds the inventory from Node and Pod objects. A node counts when it is not cordoned and
    /// its Ready condition is True; its GPU count is its allocatable nvidia.com/gpu and its GPU
    /// model the value of <paramref name="gpuModelLabel"/>. Pods that have not ended hold the
    /// GPUs, CPU and memory their containers request on the node they are bound to, except pods
    /// that <paramref name="ignorePod"/> leaves out.
    /// </summary>
    public static ClusterInventory Build(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> pods, string gpuModelLabel = DefaultGpuModelLabel, Func<V1Pod, bool>? ignorePod = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(pods);
        var inUse = new Dictionary<string, (int Gpus, long CpuMilli, long MemoryMib)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var node = pod.Spec?.NodeName;
            if (string.IsNullOrEmpty(node) || pod.Status?.Phase is "Succeeded" or "Failed" || ignorePod?.Invoke(pod) == true)
            {
                continue;
            }

            var used = inUse.GetValueOrDefault(node);
            inUse[node] = (used.Gpus + GpuRequest(pod), used.CpuMilli + (long)(Request(pod, "cpu") * 1000), used.MemoryMib + (long)(Request(pod, "memory") / (1024 * 1024)));
        }

        var included = new List<LiveNode>();
        var excluded = new List<ExcludedNode>();
        foreach (var node in nodes.OrderBy(n => n.Metadata?.Name, StringComparer.Ordinal))
        {
            var name = node.Metadata?.Name ?? string.Empty;
            var reason = ExclusionReason(node);
            if (reason is not null)
            {
                excluded.Add(new ExcludedNode(name, reason));
                continue;
            }

            var allocatable = node.Status?.Allocatable;
            var gpus = (int)Quantity(allocatable, GpuResource);
            var cpuMilli = (long)(Quantity(allocatable, "cpu") * 1000);
            var memoryMib = (long)(Quantity(allocatable, "memory") / (1024 * 1024));
            var model = node.Metadata?.Labels is { } labels && labels.TryGetValue(gpuModelLabel, out var value) && value.Length > 0
                ? value
                : UnknownGpuModel;
            var used = inUse.GetValueOrDefault(name);
            included.Add(new LiveNode(new NodeSpec(name, cpuMilli, memoryMib, gpus, model), used.Gpus)
            {
                CpuMilliInUse = used.CpuMilli,
                MemoryMibInUse = used.MemoryMib,
            });
        }

        return new ClusterInventory(included, excluded);
    }

    /// <summary>Returns the GPUs a pod requests: the sum over its containers' requests, or limits where no request is set.</summary>
    public static int GpuRequest(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return (int)Request(pod, GpuResource);
    }

    /// <summary>Returns what the containers of a pod request of <paramref name="resource"/>, taking the limit where no request is set.</summary>
    public static decimal Request(V1Pod pod, string resource)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return Request(pod.Spec?.Containers ?? [], resource);
    }

    /// <summary>Returns what <paramref name="containers"/> request of <paramref name="resource"/>, taking the limit where no request is set.</summary>
    public static decimal Request(IEnumerable<V1Container> containers, string resource)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var total = 0m;
        foreach (var container in containers)
        {
            var resources = container.Resources;
            var amount = Quantity(resources?.Requests, resource);
            if (amount == 0)
            {
                amount = Quantity(resources?.Limits, resource);
            }

            total += amount;
        }

        return total;
    }

    private static string? ExclusionReason(V1Node node)
    {
        if (node.Spec?.Unschedulable == true)
        {
            return "cordoned";
        }

        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        return ready?.Status == "True" ? null : "not Ready";
    }

    private static decimal Quantity(IDictionary<string, ResourceQuantity>? resources, string name) =>
        resources is not null && resources.TryGetValue(name, out var quantity) ? quantity.ToDecimal() : 0;
}
