using BenchmarkDotNet.Attributes;
using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Simulation.Kernel;
using ClusterSim.Simulation.Openb;

namespace ClusterSim.Benchmarks;

/// <summary>
/// FGD scoring of one pod against every feasible node of the openb cluster half filled with
/// the default trace, with an empty score cache, so each node's fragmentation is computed.
/// </summary>
[MemoryDiagnoser]
public class FgdScoringBenchmarks
{
    private ClusterState cluster = null!;
    private OpenbWorkload workload = null!;
    private PodSpec sharePod = null!;
    private PodSpec wholeGpuPod = null!;
    private int[] feasible = [];
    private NodeRanking ranking = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (nodes, pods) = OpenbTrace.Load();
        workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.3, 42, new RandomStreams(42).Create("workload"));
        cluster = new ClusterState(workload.Nodes);
        ranking = new NodeRanking([.. workload.RankByNode]);
        var engine = new PlacementEngine(new FgdPolicy(new FragmentationMeasure(workload.Target)), ranking);
        foreach (var pod in workload.Submissions.Take(workload.Submissions.Count / 2))
        {
            if (engine.Decide(cluster, pod).Placement is { } placement)
            {
                cluster.Assign(pod, placement);
            }
        }

        sharePod = new PodSpec("bench-share", 3_150, 16_384, 1, 810, string.Empty);
        wholeGpuPod = new PodSpec("bench-whole", 11_300, 16_384, 1, 1000, string.Empty);
        feasible = [.. Enumerable.Range(0, cluster.Nodes.Count).Where(i => NodeFilter.Check(cluster.Nodes[i], sharePod) == FilterOutcome.Fits)];
    }

    [Benchmark(Description = "FGD: score a share pod on all feasible nodes, cold cache")]
    public NodeChoice SharePod() =>
        new FgdPolicy(new FragmentationMeasure(workload.Target)).ChooseNode(feasible, cluster, sharePod, ranking);

    [Benchmark(Description = "FGD: score a one-GPU pod on all feasible nodes, cold cache")]
    public NodeChoice WholeGpuPod() =>
        new FgdPolicy(new FragmentationMeasure(workload.Target)).ChooseNode(feasible, cluster, wholeGpuPod, ranking);
}
