using ClusterSim.Core;
using ClusterSim.Policies;

namespace ClusterSim.Simulation;

/// <summary>
/// The fragmentation of a whole cluster, kept per node and refreshed only for nodes that
/// change. Cluster totals are summed in node order, so they do not depend on update history.
/// </summary>
public sealed class ClusterFragmentation
{
    private readonly ClusterState cluster;
    private readonly FragmentationMeasure measure;
    private readonly FragmentBuckets[] perNode;

    public ClusterFragmentation(ClusterState cluster, FragmentationMeasure measure)
    {
        this.cluster = cluster;
        this.measure = measure;
        perNode = new FragmentBuckets[cluster.Nodes.Count];
        for (var i = 0; i < perNode.Length; i++)
        {
            perNode[i] = measure.Buckets(cluster.Nodes[i]);
        }

        Sum();
    }

    /// <summary>Fragmented GPU milli over all nodes.</summary>
    public double Amount { get; private set; }

    /// <summary>Sum of all buckets over all nodes: the idle GPU milli up to rounding.</summary>
    public double Idle { get; private set; }

    /// <summary>Recomputes node <paramref name="nodeIndex"/> after it changed, and the totals.</summary>
    public void Refresh(int nodeIndex)
    {
        perNode[nodeIndex] = measure.Buckets(cluster.Nodes[nodeIndex]);
        Sum();
    }

    /// <summary>Returns the buckets of node <paramref name="nodeIndex"/>.</summary>
    public FragmentBuckets Node(int nodeIndex) => perNode[nodeIndex];

    private void Sum()
    {
        double amount = 0, idle = 0;
        foreach (ref readonly var buckets in perNode.AsSpan())
        {
            amount += buckets.Amount;
            idle += buckets.Idle;
        }

        Amount = amount;
        Idle = idle;
    }
}
