using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// The feasibility check every placement policy shares: CPU, memory and pod slots as the
/// Kubernetes NodeResourcesFit filter checks them, then the GPU model constraint and GPU fit.
/// </summary>
public static class NodeFilter
{
    /// <summary>Returns the first check that <paramref name="node"/> fails for <paramref name="pod"/>, or <see cref="FilterOutcome.Fits"/>.</summary>
    public static FilterOutcome Check(NodeState node, PodSpec pod) => For(pod).Check(node);

    /// <summary>Prepares the checks of <paramref name="pod"/> for many nodes, as a scheduling cycle runs them.</summary>
    public static PodFilter For(PodSpec pod) => new(pod);

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

    /// <summary>
    /// The node checks of one pod, with the pod's numbers read once and the GPU model result
    /// kept for the last model seen, because nodes of one pool share their model string.
    /// </summary>
    public struct PodFilter
    {
        private readonly PodSpec pod;
        private readonly bool needsGpu;
        private string? lastModel;
        private bool lastModelAccepted;

        internal PodFilter(PodSpec pod)
        {
            this.pod = pod;
            needsGpu = pod.NeedsGpu;
        }

        public FilterOutcome Check(NodeState node)
        {
            if (!node.Schedulable)
            {
                return FilterOutcome.Unschedulable;
            }

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

            if (!needsGpu)
            {
                return FilterOutcome.Fits;
            }

            if (node.GpuCount == 0)
            {
                return FilterOutcome.NoGpu;
            }

            if (!ReferenceEquals(node.GpuModel, lastModel))
            {
                lastModel = node.GpuModel;
                lastModelAccepted = pod.AcceptsModel(node.GpuModel);
            }

            if (!lastModelAccepted)
            {
                return FilterOutcome.GpuModelMismatch;
            }

            var fits = pod.GpuMilli == GpuDevice.MilliCapacity
                ? node.FullyFreeGpus >= pod.GpuCount
                : GpuFits(node.GpuLeft, pod.GpuMilli, pod.GpuCount);
            return fits ? FilterOutcome.Fits : FilterOutcome.InsufficientGpu;
        }
    }
}
