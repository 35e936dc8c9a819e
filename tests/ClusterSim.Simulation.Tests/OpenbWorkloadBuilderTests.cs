using ClusterSim.Core;
using ClusterSim.Simulation.Kernel;
using ClusterSim.Simulation.Openb;
using ClusterSim.Tests;
using ClusterSim.Traces.Openb;

namespace ClusterSim.Simulation.Tests;

/// <summary>
/// Checks the workload preparation against hand-worked draws. Random.Shuffle calls
/// Next(i, n) for i = 0..n-2 and swaps position i with the drawn index. The inflation and
/// deflation steps call Next(count) once for each uniform index.
/// </summary>
public class OpenbWorkloadBuilderTests
{
    private static NodeSpec Node(string name, int gpus) => new(name, 64_000, 262_144, gpus, "G2");

    private static PodSpec Pod(string name, long cpu, int gpuCount, int gpuMilli) => new(name, cpu, 1_024, gpuCount, gpuMilli, string.Empty);

    /// <summary>
    /// Six GPUs (6000 milli) at inflation 1.0 give a target of 6000 milli. The four pods request
    /// 1000 + 0 + 500 + 2000 = 3500 milli.
    /// </summary>
    private static (OpenbWorkload Workload, ScriptedRandom Random, PodSpec[] Pods) BuildInflatedExample()
    {
        NodeSpec[] nodes = [Node("node-b", 4), Node("node-a", 2)];
        PodSpec[] pods =
        [
            Pod("pod-c", 3_000, 1, 500),
            Pod("pod-a", 1_000, 1, 1_000),
            Pod("pod-d", 4_000, 2, 1_000),
            Pod("pod-b", 2_000, 0, 0),
        ];

        // Shuffle of [a, b, c, d]: swap 0 and 3, keep 1, swap 2 and 3, giving [d, b, a, c].
        // Clone draws into [a, b, c, d]: c (4000 <= 6000), b (CPU only), d (4000 + 1000 <= 6000,
        // demand becomes 6000), then a (6000 + 1000 > 6000) stops the loop.
        // Node ranks of [node-a, node-b]: swap 0 and 1, giving [1, 0].
        var random = new ScriptedRandom(indexDraws: [2, 1, 3, 0], rangeDraws: [3, 1, 3, 1]);
        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 17, random);
        return (workload, random, pods);
    }

    [Fact]
    public void Build_ShufflesNameSortedPods()
    {
        var (workload, _, _) = BuildInflatedExample();

        var originals = workload.Submissions.Take(4).Select(p => p.Name);

        Assert.Equal(["pod-d", "pod-b", "pod-a", "pod-c"], originals);
    }

    [Fact]
    public void Build_AppendsClonesInDrawOrder()
    {
        var (workload, _, _) = BuildInflatedExample();

        var names = workload.Submissions.Select(p => p.Name);

        Assert.Equal(["pod-d", "pod-b", "pod-a", "pod-c", "pod-c-tuned-0", "pod-b-tuned-1", "pod-d-tuned-2"], names);
    }

    [Fact]
    public void Build_CloneCopiesReferencePod()
    {
        var (workload, _, pods) = BuildInflatedExample();
        var reference = pods.Single(p => p.Name == "pod-d");

        var clone = workload.Submissions.Single(p => p.Name == "pod-d-tuned-2");

        Assert.Equal(reference with { Name = "pod-d-tuned-2" }, clone);
    }

    [Fact]
    public void Build_CountsClonesAndDemand()
    {
        var (workload, random, _) = BuildInflatedExample();

        Assert.Equal(4, workload.OriginalPodCount);
        Assert.Equal(3, workload.ClonesAdded);
        Assert.Equal(0, workload.PodsRemoved);
        Assert.Equal(6_000, workload.TotalGpuDemandMilli);
        Assert.Equal(0, random.UnusedIndexDraws);
        Assert.Equal(0, random.UnusedRangeDraws);
    }

    [Fact]
    public void Build_DrawsShuffleThenClonesThenRanks()
    {
        var (_, random, _) = BuildInflatedExample();

        Assert.Equal(
            ["Next(0,4)", "Next(1,4)", "Next(2,4)", "Next(4)", "Next(4)", "Next(4)", "Next(4)", "Next(0,2)"],
            random.Calls);
    }

    [Fact]
    public void Build_RanksNameSortedNodes()
    {
        var (workload, _, _) = BuildInflatedExample();

        Assert.Equal(["node-a", "node-b"], workload.Nodes.Select(n => n.Name));
        Assert.Equal([1, 0], workload.RankByNode);
    }

    [Fact]
    public void Build_TargetUsesOriginalPodsOnly()
    {
        var (workload, _, _) = BuildInflatedExample();

        Assert.Equal(4, workload.Target.TotalPods);
        Assert.Equal(17, workload.Seed);
    }

    [Fact]
    public void Build_MultiGpuCloneOvershootsBy7000()
    {
        // 16 GPUs give a target of 16000 milli, and the originals request 1000 + 8000 + 0 + 6000 = 15000.
        // The 8-GPU pod passes the per-GPU test (15000 + 1000 <= 16000) and adds 8000.
        NodeSpec[] nodes = [Node("node-1", 8), Node("node-2", 8)];
        PodSpec[] pods =
        [
            Pod("pod-a", 1_000, 1, 1_000),
            Pod("pod-b", 8_000, 8, 1_000),
            Pod("pod-c", 2_000, 0, 0),
            Pod("pod-d", 6_000, 6, 1_000),
        ];
        var random = new ScriptedRandom(indexDraws: [2, 1, 0]);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 1, random);

        Assert.Equal(23_000, workload.TotalGpuDemandMilli);
        Assert.Equal(2, workload.ClonesAdded);
        Assert.Equal(["pod-c-tuned-0", "pod-b-tuned-1"], workload.Submissions.Skip(4).Select(p => p.Name));
        Assert.Equal(0, random.UnusedIndexDraws);
    }

    [Fact]
    public void Build_StopsAtFirstOvershootingDraw()
    {
        // Two GPUs give a target of 2000, and the originals request 1500. The first draw (1000 milli)
        // would overshoot, so the loop ends there even though a 500-milli pod would still fit.
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000), Pod("pod-b", 1_000, 1, 500)];
        var random = new ScriptedRandom(indexDraws: [0, 1]);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 1, random);

        Assert.Equal(0, workload.ClonesAdded);
        Assert.Equal(1_500, workload.TotalGpuDemandMilli);
        Assert.Equal(1, random.UnusedIndexDraws);
    }

    [Fact]
    public void Build_CpuOnlyDrawsDoNotStop()
    {
        // Target 2000, demand 1000. Four CPU-only draws add nothing. The GPU draw that lands
        // exactly on the target is kept, and the next one stops the loop.
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000), Pod("pod-b", 4_000, 0, 0)];
        var random = new ScriptedRandom(indexDraws: [1, 1, 1, 1, 0, 0]);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 1, random);

        Assert.Equal(5, workload.ClonesAdded);
        Assert.Equal(
            ["pod-b-tuned-0", "pod-b-tuned-1", "pod-b-tuned-2", "pod-b-tuned-3", "pod-a-tuned-4"],
            workload.Submissions.Skip(2).Select(p => p.Name));
        Assert.Equal(2_000, workload.TotalGpuDemandMilli);
        Assert.Equal(0, random.UnusedIndexDraws);
    }

    [Fact]
    public void Build_CpuOnlyTraceAddsNoClones()
    {
        // Without GPU pods the demand can never reach the target, so the builder must not draw
        // at all. The scripted random throws on any index draw.
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 0, 0), Pod("pod-b", 2_000, 0, 0)];
        var random = new ScriptedRandom(indexDraws: []);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.3, seed: 1, random);

        Assert.Equal(0, workload.ClonesAdded);
        Assert.Equal(2, workload.Submissions.Count);
    }

    [Fact]
    public void Build_RemovesPodsUntilAtMostTarget()
    {
        // Target 2000, and the originals request 1000 + 1000 + 500 + 0 = 2500. Removing the CPU-only
        // pod-d changes nothing, removing pod-a brings the demand to 1500 and ends the loop.
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods =
        [
            Pod("pod-a", 1_000, 1, 1_000),
            Pod("pod-b", 1_000, 1, 1_000),
            Pod("pod-c", 1_000, 1, 500),
            Pod("pod-d", 1_000, 0, 0),
        ];
        var random = new ScriptedRandom(indexDraws: [3, 0]);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 1, random);

        Assert.Equal(["pod-b", "pod-c"], workload.Submissions.Select(p => p.Name));
        Assert.Equal(2, workload.PodsRemoved);
        Assert.Equal(0, workload.ClonesAdded);
        Assert.Equal(1_500, workload.TotalGpuDemandMilli);
        Assert.Equal(["Next(0,4)", "Next(1,4)", "Next(2,4)", "Next(4)", "Next(3)"], random.Calls);
    }

    [Fact]
    public void Build_RemovalStopsAtTarget()
    {
        // Target 2000, demand 3000: one removal reaches the target exactly.
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000), Pod("pod-b", 1_000, 1, 1_000), Pod("pod-c", 1_000, 1, 1_000)];
        var random = new ScriptedRandom(indexDraws: [1]);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 1, random);

        Assert.Equal(["pod-a", "pod-c"], workload.Submissions.Select(p => p.Name));
        Assert.Equal(1, workload.PodsRemoved);
        Assert.Equal(2_000, workload.TotalGpuDemandMilli);
    }

    [Fact]
    public void Build_ExactTargetChangesNothing()
    {
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000), Pod("pod-b", 1_000, 1, 1_000)];
        var random = new ScriptedRandom(indexDraws: []);

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.0, seed: 1, random);

        Assert.Equal(0, workload.ClonesAdded);
        Assert.Equal(0, workload.PodsRemoved);
        Assert.Equal(2, workload.Submissions.Count);
    }

    [Fact]
    public void Build_SortsNodesByOrdinalName()
    {
        NodeSpec[] nodes = [Node("b-node", 1), Node("node-9", 1), Node("a-node", 1), Node("node-10", 1), Node("B-node", 1)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000)];

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 0.2, seed: 1, new ScriptedRandom(indexDraws: []));

        Assert.Equal(["B-node", "a-node", "b-node", "node-10", "node-9"], workload.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Build_RankByNodeIsPermutation()
    {
        var nodes = Enumerable.Range(0, 50).Select(i => Node($"node-{i:D2}", 2)).ToArray();
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000), Pod("pod-b", 1_000, 0, 0)];

        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 0.5, seed: 3, new RandomStreams(3).Create("workload"));

        Assert.Equal(Enumerable.Range(0, 50), workload.RankByNode.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), workload.RankByNode);
    }

    [Fact]
    public void Build_SameSeedSameWorkload()
    {
        var nodes = Enumerable.Range(0, 10).Select(i => Node($"node-{i}", 4)).ToArray();
        var pods = Enumerable.Range(0, 20).Select(i => Pod($"pod-{i:D2}", 1_000, 1, 100 * (i % 10 + 1))).ToArray();

        var first = OpenbWorkloadBuilder.Build(nodes, pods, 1.3, seed: 5, new RandomStreams(5).Create("workload"));
        var second = OpenbWorkloadBuilder.Build(nodes, pods, 1.3, seed: 5, new RandomStreams(5).Create("workload"));

        Assert.Equal(first.Submissions, second.Submissions);
        Assert.Equal(first.RankByNode, second.RankByNode);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Build_RejectsNonPositiveInflation(double inflation)
    {
        NodeSpec[] nodes = [Node("node-1", 2)];
        PodSpec[] pods = [Pod("pod-a", 1_000, 1, 1_000)];

        Assert.Throws<ArgumentOutOfRangeException>(
            () => OpenbWorkloadBuilder.Build(nodes, pods, inflation, seed: 1, new ScriptedRandom(indexDraws: [])));
    }

    /// <summary>The published default openb trace, read once and built for seed 42 at 130 %.</summary>
    private static readonly Lazy<(IReadOnlyList<NodeSpec> Nodes, IReadOnlyList<PodSpec> Pods, OpenbWorkload Workload)> DefaultTrace = new(() =>
    {
        var nodes = OpenbNodeReader.ReadFile(TestTraces.Require("openb/openb_node_list_gpu_node.csv"));
        var pods = OpenbPodReader.ReadFile(TestTraces.Require("openb/openb_pod_list_default.csv"));
        var workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.3, seed: 42, new RandomStreams(42).Create("workload"));
        return (nodes, pods, workload);
    });

    /// <summary>Skips the calling test unless both trace files exist, then returns the built trace.</summary>
    private static (IReadOnlyList<NodeSpec> Nodes, IReadOnlyList<PodSpec> Pods, OpenbWorkload Workload) RequireDefaultTrace()
    {
        TestTraces.Require("openb/openb_node_list_gpu_node.csv");
        TestTraces.Require("openb/openb_pod_list_default.csv");
        return DefaultTrace.Value;
    }

    [Fact]
    public void DefaultTrace_HasPublishedCluster()
    {
        var (_, _, workload) = RequireDefaultTrace();

        Assert.Equal(1_213, workload.Nodes.Count);
        Assert.Equal(6_212, workload.Nodes.Sum(n => n.GpuCount));
    }

    [Fact]
    public void DefaultTrace_HasPublishedPods()
    {
        var (_, pods, workload) = RequireDefaultTrace();

        Assert.Equal(8_152, workload.OriginalPodCount);
        Assert.Equal(6_086_800, pods.Sum(p => p.TotalGpuMilli));
    }

    [Fact]
    public void DefaultTrace_TargetKeeps35Shapes()
    {
        var (_, _, workload) = RequireDefaultTrace();

        Assert.Equal(35, workload.Target.Pods.Count);
        Assert.Equal(0.9526, Math.Round(workload.Target.Coverage, 4));
    }

    [Fact]
    public void DefaultTrace_TopTargetShapes()
    {
        // The six most common shapes with their pod counts, as the default pod list contains them.
        var (_, _, workload) = RequireDefaultTrace();

        var top = workload.Target.Pods.Take(6).Select(t => (t.Shape.CpuMilli, t.Shape.GpuMilli, t.Shape.GpuCount, t.Count));

        Assert.Equal(
            [(3_152L, 810, 1, 1_047), (11_300L, 1_000, 1, 874), (11_400L, 1_000, 1, 599), (3_152L, 1_000, 1, 470), (11_908L, 470, 1, 388), (12_500L, 0, 0, 366)],
            top);
    }

    [Fact]
    public void DefaultTrace_InflatesTo130Percent()
    {
        // Target 1.3 x 6,212,000 = 8,075,600 milli. The loop stops at the first draw whose per-GPU
        // milli (at most 1000) would overshoot, and an accepted 8-GPU clone may overshoot by 7000.
        var (_, _, workload) = RequireDefaultTrace();

        Assert.InRange(workload.TotalGpuDemandMilli, 8_075_600 - 1_000, 8_075_600 + 7_000);
        Assert.Equal(0, workload.PodsRemoved);
        Assert.Equal(8_152 + workload.ClonesAdded, workload.Submissions.Count);
    }
}
