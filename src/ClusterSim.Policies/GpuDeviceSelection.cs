using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>Rules that pick the GPU devices of a pod on the node chosen for it.</summary>
public static class GpuDeviceSelection
{
    /// <summary>
    /// Takes the devices in ascending order of free milli (ties by index) and keeps the first
    /// <see cref="PodSpec.GpuCount"/> that have room. For a share pod this is the tightest
    /// device that fits; for whole GPUs it is the lowest-index fully free devices.
    /// </summary>
    /// <remarks>
    /// Pods asking for several devices with a fraction of each get distinct devices, so a pod
    /// never holds two shares of one GPU.
    /// </remarks>
    public static int[] Packed(NodeState node, PodSpec pod)
    {
        if (!pod.NeedsGpu)
        {
            return [];
        }

        var left = node.GpuLeft;
        if (pod.GpuCount == 1)
        {
            var best = -1;
            for (var g = 0; g < left.Length; g++)
            {
                if (left[g] >= pod.GpuMilli && (best < 0 || left[g] < left[best]))
                {
                    best = g;
                }
            }

            return best < 0 ? throw NoRoom(node, pod) : [best];
        }

        var order = new int[left.Length];
        for (var g = 0; g < order.Length; g++)
        {
            order[g] = g;
        }

        var leftCopy = left.ToArray();
        Array.Sort(order, (a, b) => leftCopy[a] != leftCopy[b] ? leftCopy[a].CompareTo(leftCopy[b]) : a.CompareTo(b));
        var chosen = new List<int>(pod.GpuCount);
        foreach (var g in order)
        {
            if (leftCopy[g] >= pod.GpuMilli)
            {
                chosen.Add(g);
                if (chosen.Count == pod.GpuCount)
                {
                    chosen.Sort();
                    return [.. chosen];
                }
            }
        }

        throw NoRoom(node, pod);
    }

    /// <summary>
    /// Picks a share pod's device uniformly among those with room, by reservoir sampling in
    /// ascending device order; whole-GPU pods get <see cref="Packed"/> devices.
    /// </summary>
    public static int[] Random(NodeState node, PodSpec pod, Random random)
    {
        if (!pod.IsShare)
        {
            return Packed(node, pod);
        }

        var left = node.GpuLeft;
        var seen = 0;
        var chosen = -1;
        for (var g = 0; g < left.Length; g++)
        {
            if (left[g] >= pod.GpuMilli && random.Next(++seen) == 0)
            {
                chosen = g;
            }
        }

        return chosen < 0 ? throw NoRoom(node, pod) : [chosen];
    }

    private static InvalidOperationException NoRoom(NodeState node, PodSpec pod) =>
        new($"Node {node.Name} has no GPU devices with {pod.GpuMilli} milli free for pod {pod.Name}; the node filter should have rejected it.");
}
