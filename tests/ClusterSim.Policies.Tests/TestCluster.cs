using ClusterSim.Core;

namespace ClusterSim.Policies.Tests;

/// <summary>Builders for the small nodes, clusters and pods that the tests use.</summary>
internal static class TestCluster
{
    /// <summary>Memory of every test node unless a test sets it: large enough never to limit a pod.</summary>
    public const long AmpleMemoryMib = 1_048_576;

    public static NodeSpec Node(string name, long cpuMilli, int gpuCount, string gpuModel = "T4", long memoryMib = AmpleMemoryMib) =>
        new(name, cpuMilli, memoryMib, gpuCount, gpuModel);

    public static PodSpec CpuPod(long cpuMilli, long memoryMib = 0) => new("cpu-pod", cpuMilli, memoryMib, 0, 0, "");

    /// <summary>Creates a pod that requests part of one GPU.</summary>
    public static PodSpec SharePod(long cpuMilli, int gpuMilli, string gpuModels = "") =>
        new("share-pod", cpuMilli, 0, 1, gpuMilli, gpuModels);

    /// <summary>Creates a pod that requests <paramref name="gpuCount"/> whole GPUs.</summary>
    public static PodSpec WholeGpuPod(long cpuMilli, int gpuCount, string gpuModels = "") =>
        new("whole-gpu-pod", cpuMilli, 0, gpuCount, GpuDevice.MilliCapacity, gpuModels);

    public static ClusterState Cluster(params NodeSpec[] specs) => new(specs);

    /// <summary>
    /// Books filler pods without CPU or memory on node <paramref name="nodeIndex"/> so that device g
    /// has <paramref name="gpuLeft"/>[g] milli free. A partly used device gets a share pod and an
    /// emptied device gets a one-GPU pod, which also sets the node's affinity counts.
    /// </summary>
    public static void UseGpus(ClusterState cluster, int nodeIndex, params int[] gpuLeft)
    {
        for (var g = 0; g < gpuLeft.Length; g++)
        {
            var used = GpuDevice.MilliCapacity - gpuLeft[g];
            if (used > 0)
            {
                cluster.Assign(new PodSpec($"filler-{nodeIndex}-{g}", 0, 0, 1, used, ""), new Placement(nodeIndex, [g]));
            }
        }
    }

    /// <summary>Creates a single node state with <paramref name="cpuMilli"/> free CPU and the given free milli per device.</summary>
    public static NodeState NodeWithGpuLeft(long cpuMilli, string gpuModel, params int[] gpuLeft)
    {
        var cluster = Cluster(Node("node", cpuMilli, gpuLeft.Length, gpuModel));
        UseGpus(cluster, 0, gpuLeft);
        return cluster.Nodes[0];
    }
}
