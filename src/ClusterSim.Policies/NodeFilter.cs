using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// The feasibility check every placement policy shares: CPU, memory and pod slots as the
/// Kubernetes NodeResourcesFit filter checks them, then the GPU model constraint and GPU fit.
/// </summary>
public static class NodeFilter
{
    /// <summary>Returns the first check that <paramref name="node"/> fails for <paramref name="pod"/>, or <see cref="FilterOutcome.Fits"/>.</summary>
    public static FilterOutcome Check(NodeState node, PodSpec pod)
    {
        if (pod.CpuMilli > node.CpuLeft)
        {
            return FilterOutcome.InsufficientCpu;
        }

        if (pod.MemoryMib > node.MemoryLeft)
        {
            return FilterOutcome.InsufficientMemory;
        }

        if (node.PodCount + 1 > node.MaxPods)
        {
            return FilterOutcome.TooManyPods;
        }

        if (!pod.NeedsGpu)
        {
            return FilterOutcome.Fits;
        }

        if (node.GpuCount == 0)
        {
            return FilterOutcome.NoGpu;
        }

        if (!pod.AcceptsModel(node.GpuModel))
        {
            return FilterOutcome.GpuModelMismatch;
        }

        return GpuFits(node.GpuLeft, pod.GpuMilli, pod.GpuCount) ? FilterOutcome.Fits : FilterOutcome.InsufficientGpu;
    }

    /// <summary>
    /// Returns true when at least <paramref name="count"/> distinct devices each have
    /// <paramref name="milli"/> free.
    /// </summary>
    public static bool GpuFits(ReadOnlySpan<int> gpuLeft, int milli, int count)
    {
        if (milli == GpuDevice.MilliCapacity)
        {
            // Whole GPUs: only fully free devices qualify, which is the common case.
            var free = 0;
            foreach (var left in gpuLeft)
            {
                if (left == GpuDevice.MilliCapacity && ++free >= count)
                {
                    return true;
                }
            }

            return count == 0;
        }

        var fitting = 0;
        foreach (var left in gpuLeft)
        {
            if (left >= milli && ++fitting >= count)
            {
                return true;
            }
        }

        return count == 0;
    }
}
