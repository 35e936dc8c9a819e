namespace ClusterSim.Core;

/// <summary>The nodes of one cluster and the totals derived from them.</summary>
public sealed class ClusterState
{
    /// <summary>Pod slots per node when an inventory gives none (the openb study's value).</summary>
    public const int DefaultMaxPodsPerNode = 1001;

    public ClusterState(IReadOnlyList<NodeSpec> specs, int maxPodsPerNode = DefaultMaxPodsPerNode)
    {
        var nodes = new NodeState[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            nodes[i] = new NodeState(i, specs[i], maxPodsPerNode);
            TotalGpus += specs[i].GpuCount;
            TotalCpuMilli += specs[i].CpuMilli;
            fullyFreeByModel[specs[i].GpuModel] = fullyFreeByModel.GetValueOrDefault(specs[i].GpuModel) + specs[i].GpuCount;
        }

        NodeArray = nodes;
    }

    private readonly Dictionary<string, long> fullyFreeByModel = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeState> Nodes => NodeArray;

    /// <summary>The nodes as an array, for loops that run once per node and pod.</summary>
    public NodeState[] NodeArray { get; }

    /// <summary>Number of fully free GPU devices on nodes of <paramref name="model"/>.</summary>
    public long FullyFreeGpus(string model) => fullyFreeByModel.GetValueOrDefault(model);

    /// <summary>Number of GPU devices in the cluster.</summary>
    public long TotalGpus { get; }

    public long TotalCpuMilli { get; }

    /// <summary>GPU capacity of the cluster in milli.</summary>
    public long TotalGpuMilli => TotalGpus * GpuDevice.MilliCapacity;

    /// <summary>GPU milli currently allocated over all nodes.</summary>
    public long AllocatedGpuMilli { get; private set; }

    /// <summary>Returns an independent copy of this cluster's state, for projecting future states.</summary>
    public ClusterState Clone()
    {
        var copy = new ClusterState([.. NodeArray.Select(n => n.Spec)], NodeArray.Length == 0 ? DefaultMaxPodsPerNode : NodeArray[0].MaxPods);
        for (var i = 0; i < NodeArray.Length; i++)
        {
            copy.NodeArray[i].CopyFrom(NodeArray[i]);
        }

        copy.AllocatedGpuMilli = AllocatedGpuMilli;
        foreach (var (model, free) in fullyFreeByModel)
        {
            copy.fullyFreeByModel[model] = free;
        }

        return copy;
    }

    /// <summary>Books a pod on a node and keeps the cluster totals in step.</summary>
    public void Assign(PodSpec pod, Placement placement)
    {
        var node = NodeArray[placement.NodeIndex];
        var freeBefore = node.FullyFreeGpus;
        node.Assign(pod, placement.GpuDevices.AsSpan());
        if (pod.NeedsGpu)
        {
            AllocatedGpuMilli += pod.TotalGpuMilli;
            fullyFreeByModel[node.GpuModel] += node.FullyFreeGpus - freeBefore;
        }
    }

    /// <summary>Returns a placement's resources to its node.</summary>
    public void Release(PodSpec pod, Placement placement)
    {
        var node = NodeArray[placement.NodeIndex];
        var freeBefore = node.FullyFreeGpus;
        node.Release(pod, placement.GpuDevices.AsSpan());
        if (pod.NeedsGpu)
        {
            AllocatedGpuMilli -= pod.TotalGpuMilli;
            fullyFreeByModel[node.GpuModel] += node.FullyFreeGpus - freeBefore;
        }
    }
}
