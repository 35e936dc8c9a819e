using ClusterSim.Core;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ClusterSim.Traces.Openb;

/// <summary>
/// Generates small openb-like clusters and pod lists: node pools modelled on the openb GPU mix
/// and a pod mix with CPU-only, GPU-share, one-GPU and multi-GPU pods. The same settings and
/// seed give the same output.
/// </summary>
public static class OpenbSyntheticGenerator
{
    private static readonly NodePool[] Pools =
    [
        new("g2", 0.45, 96_000, 786_432, 8, "G2"),
        new("t4", 0.30, 64_000, 262_144, 2, "T4"),
        new("p100", 0.10, 64_000, 262_144, 2, "P100"),
        new("v100m16", 0.10, 96_000, 393_216, 4, "V100M16"),
        new("v100m32", 0.05, 96_000, 786_432, 8, "V100M32"),
    ];

    private static readonly int[] ShareMilli = [160, 230, 320, 470, 650, 810];
    private static readonly long[] GpuPodCpu = [3_150, 6_000, 8_000, 11_300, 11_910, 12_000];
    private static readonly long[] CpuPodCpu = [4_000, 8_000, 12_500, 16_000];
    private static readonly long[] PodMemory = [8_192, 16_384, 32_768];
    private static readonly int[] MultiGpuCounts = [2, 4, 8];

    /// <summary>
    /// Builds <paramref name="nodeCount"/> nodes split over the pools by their weights (largest
    /// remainders get the leftover nodes), in pool order.
    /// </summary>
    public static IReadOnlyList<NodeSpec> Nodes(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodeCount);
        var counts = Pools.Select(p => (int)Math.Floor(p.Weight * nodeCount)).ToArray();
        var order = Enumerable.Range(0, Pools.Length)
            .OrderByDescending(i => Pools[i].Weight * nodeCount - counts[i])
            .ThenBy(i => i)
            .ToArray();
        for (var k = 0; counts.Sum() < nodeCount; k++)
        {
            counts[order[k % order.Length]]++;
        }

        var nodes = new List<NodeSpec>(nodeCount);
        for (var p = 0; p < Pools.Length; p++)
        {
            var pool = Pools[p];
            for (var i = 0; i < counts[p]; i++)
            {
                nodes.Add(new NodeSpec($"synth-node-{nodes.Count:D4}", pool.CpuMilli, pool.MemoryMib, pool.Gpus, pool.Model));
            }
        }

        return nodes;
    }

    /// <summary>
    /// Draws pods until their GPU demand reaches <paramref name="demandRatio"/> times the GPU
    /// capacity of <paramref name="nodes"/>. The mix is 13 % CPU-only, 38 % share, 47 % one-GPU
    /// and 2 % multi-GPU pods; one GPU pod in twenty is limited to V100 models.
    /// </summary>
    public static IReadOnlyList<PodSpec> Pods(IReadOnlyList<NodeSpec> nodes, double demandRatio, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(demandRatio);
        var random = new MersenneTwister(seed, threadSafe: false);
        var kind = new Categorical([0.13, 0.38, 0.47, 0.02], random);
        var capacity = nodes.Sum(n => (long)n.GpuCount) * GpuDevice.MilliCapacity;
        var pods = new List<PodSpec>();
        long demand = 0;
        while (demand < demandRatio * capacity)
        {
            var name = $"synth-pod-{pods.Count:D5}";
            var memory = Pick(PodMemory, random);
            var pod = kind.Sample() switch
            {
                0 => new PodSpec(name, Pick(CpuPodCpu, random), memory, 0, 0, string.Empty),
                1 => new PodSpec(name, Pick(GpuPodCpu, random), memory, 1, Pick(ShareMilli, random), Models(random)),
                2 => new PodSpec(name, Pick(GpuPodCpu, random), memory, 1, GpuDevice.MilliCapacity, Models(random)),
                _ => MultiGpu(name, memory, random),
            };
            demand += pod.TotalGpuMilli;
            pods.Add(pod);
        }

        return pods;
    }

    private static PodSpec MultiGpu(string name, long memory, Random random)
    {
        var count = Pick(MultiGpuCounts, random);
        return new PodSpec(name, count * 8_000L, memory * count, count, GpuDevice.MilliCapacity, string.Empty);
    }

    private static string Models(Random random) => random.Next(20) == 0 ? "V100M16|V100M32" : string.Empty;

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];

    private sealed record NodePool(string Name, double Weight, long CpuMilli, long MemoryMib, int Gpus, string Model);
}
