using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// The node size that DotProd, BestFit and GpuClustering scale their scores against, so that
/// scores stay within 0 to 100. The FGD study uses the largest openb node, 128 cores and 8 GPUs.
/// </summary>
/// <param name="CpuMilli">CPU of the largest node, in millicores.</param>
/// <param name="GpuMilli">GPU of the largest node, in milli.</param>
public sealed record ScoreScale(long CpuMilli, long GpuMilli)
{
    /// <summary>128 cores and 8 GPUs, the scale of the FGD study.</summary>
    public static ScoreScale Openb { get; } = new(128_000, 8 * GpuDevice.MilliCapacity);

    /// <summary>
    /// Returns the openb scale, widened to the largest CPU and GPU of <paramref name="nodes"/>
    /// where a node is bigger. On the openb cluster this is the openb scale itself.
    /// </summary>
    public static ScoreScale For(IEnumerable<NodeSpec> nodes)
    {
        long cpu = Openb.CpuMilli, gpu = Openb.GpuMilli;
        foreach (var node in nodes)
        {
            cpu = Math.Max(cpu, node.CpuMilli);
            gpu = Math.Max(gpu, (long)node.GpuCount * GpuDevice.MilliCapacity);
        }

        return new ScoreScale(cpu, gpu);
    }
}
