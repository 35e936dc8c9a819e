using ClusterSim.Core;
using ClusterSim.Traces.Openb;

namespace ClusterSim.Traces.Tests;

public class OpenbSyntheticGeneratorTests
{
    private static (string Name, long Cpu, long Memory, int Gpus, int Milli, string Models) Fields(PodSpec pod) =>
        (pod.Name, pod.CpuMilli, pod.MemoryMib, pod.GpuCount, pod.GpuMilli, pod.GpuModels);

    [Fact]
    public void Nodes_SplitsByPoolWeights()
    {
        // Weights 0.45, 0.30, 0.10, 0.10, 0.05 of 64 give 28.8, 19.2, 6.4, 6.4, 3.2 nodes.
        // The floors add up to 62, so the two leftover nodes go to the largest remainders:
        // G2 (0.8), then P100 (0.4, ahead of V100M16 in pool order).
        var nodes = OpenbSyntheticGenerator.Nodes(64);

        var counts = nodes.GroupBy(n => n.GpuModel).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(new Dictionary<string, int> { ["G2"] = 29, ["T4"] = 19, ["P100"] = 7, ["V100M16"] = 6, ["V100M32"] = 3 }, counts);
    }

    [Fact]
    public void Nodes_ListsPoolsInOrder()
    {
        var nodes = OpenbSyntheticGenerator.Nodes(64);

        var models = nodes.Select(n => n.GpuModel).Distinct();

        Assert.Equal(["G2", "T4", "P100", "V100M16", "V100M32"], models);
    }

    [Fact]
    public void Nodes_NamesAreNumbered()
    {
        var nodes = OpenbSyntheticGenerator.Nodes(64);

        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"synth-node-{i:D4}"), nodes.Select(n => n.Name));
    }

    [Fact]
    public void Nodes_UsesPoolShapes()
    {
        var nodes = OpenbSyntheticGenerator.Nodes(64);

        Assert.Equal(new NodeSpec("synth-node-0000", 96_000, 786_432, 8, "G2"), nodes[0]);
        Assert.Equal(new NodeSpec("synth-node-0029", 64_000, 262_144, 2, "T4"), nodes[29]);
        Assert.Equal(332, nodes.Sum(n => n.GpuCount));
    }

    [Fact]
    public void Nodes_SingleNodeGoesToLargestPool()
    {
        var node = Assert.Single(OpenbSyntheticGenerator.Nodes(1));

        Assert.Equal("G2", node.GpuModel);
    }

    [Fact]
    public void Nodes_RejectsZeroCount()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OpenbSyntheticGenerator.Nodes(0));
    }

    [Fact]
    public void Pods_SameSeedSamePods()
    {
        var nodes = OpenbSyntheticGenerator.Nodes(16);

        var first = OpenbSyntheticGenerator.Pods(nodes, 1.3, seed: 11);
        var second = OpenbSyntheticGenerator.Pods(nodes, 1.3, seed: 11);

        Assert.Equal(first.Select(Fields), second.Select(Fields));
    }

    [Fact]
    public void Pods_DifferentSeedsDiffer()
    {
        var nodes = OpenbSyntheticGenerator.Nodes(16);

        var first = OpenbSyntheticGenerator.Pods(nodes, 1.3, seed: 11);
        var second = OpenbSyntheticGenerator.Pods(nodes, 1.3, seed: 12);

        Assert.NotEqual(first.Select(Fields), second.Select(Fields));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.3)]
    public void Pods_DemandJustReachesRatio(double ratio)
    {
        // The generator stops at the first pod that brings the demand to the target.
        var nodes = OpenbSyntheticGenerator.Nodes(16);
        var target = ratio * nodes.Sum(n => n.GpuCount) * 1_000;

        var pods = OpenbSyntheticGenerator.Pods(nodes, ratio, seed: 3);

        Assert.True(pods.Sum(p => p.TotalGpuMilli) >= target, "the demand is below the target");
        Assert.True(pods.SkipLast(1).Sum(p => p.TotalGpuMilli) < target, "the demand reached the target before the last pod");
    }

    [Fact]
    public void Pods_NamesAreNumbered()
    {
        var pods = OpenbSyntheticGenerator.Pods(OpenbSyntheticGenerator.Nodes(8), 1.0, seed: 2);

        Assert.Equal(Enumerable.Range(0, pods.Count).Select(i => $"synth-pod-{i:D5}"), pods.Select(p => p.Name));
    }

    [Fact]
    public void Pods_HaveKnownShapes()
    {
        // A CPU-only pod requests no GPU, and a one-GPU pod requests a listed share or 1000 milli.
        // A multi-GPU pod requests 2, 4 or 8 whole GPUs with 8 cores each and no model list.
        int[] shareMilli = [160, 230, 320, 470, 650, 810];
        var pods = OpenbSyntheticGenerator.Pods(OpenbSyntheticGenerator.Nodes(32), 1.3, seed: 5);

        Assert.All(pods, pod =>
        {
            var known = pod.GpuCount switch
            {
                0 => pod.GpuMilli == 0 && pod.GpuModels.Length == 0,
                1 => pod.GpuMilli == 1_000 || shareMilli.Contains(pod.GpuMilli),
                2 or 4 or 8 => pod.GpuMilli == 1_000 && pod.CpuMilli == pod.GpuCount * 8_000L && pod.GpuModels.Length == 0,
                _ => false,
            };
            Assert.True(known, $"unexpected pod shape {pod}");
        });
    }

    [Fact]
    public void Pods_RejectsNonPositiveRatio()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OpenbSyntheticGenerator.Pods(OpenbSyntheticGenerator.Nodes(4), 0, seed: 1));
    }
}
