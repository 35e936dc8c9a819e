using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// GPU packing: prefers nodes whose partly used GPUs can take the pod, then nodes with some GPUs
/// in use, then untouched nodes (fewest GPUs first). CPU-only pods score 0 everywhere.
/// </summary>
public sealed class GpuPackingPolicy : ScoringPolicy
{
    public override string Name => PolicyNames.GpuPacking;

    public override long Score(NodeState node, PodSpec pod)
    {
        if (!pod.NeedsGpu)
        {
            return 0;
        }

        var free = node.FullyFreeGpus;
        if (free == node.GpuCount)
        {
            return Math.Max(33 - free, free);
        }

        // The devices the pod would take, tightest first, as device selection takes them.
        var devices = GpuDeviceSelection.Packed(node, pod);
        var left = node.GpuLeft;
        var fullyFreeTaken = 0;
        long leftPercentSum = 0;
        foreach (var g in devices)
        {
            if (left[g] == GpuDevice.MilliCapacity)
            {
                fullyFreeTaken++;
            }

            leftPercentSum += left[g] * 100L / GpuDevice.MilliCapacity;
        }

        return fullyFreeTaken > 0
            ? Math.Max(50 - fullyFreeTaken, 33)
            : Math.Max(100 - (leftPercentSum / 10), 50);
    }
}
