using BenchmarkDotNet.Attributes;
using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Reporting.Openb;
using ClusterSim.Simulation.Kernel;
using ClusterSim.Simulation.Openb;

namespace ClusterSim.Benchmarks;

/// <summary>
/// The openb study on the default trace at inflation 1.3: one FGD run, and the whole study of
/// six policies over ten seeds with runs spread over all cores, as the command runs it.
/// </summary>
[MemoryDiagnoser]
public class OpenbRunBenchmarks
{
    private IReadOnlyList<NodeSpec> nodes = [];
    private IReadOnlyList<PodSpec> pods = [];
    private OpenbWorkload workload = null!;

    [GlobalSetup]
    public void Setup()
    {
        (nodes, pods) = OpenbTrace.Load();
        workload = OpenbWorkloadBuilder.Build(nodes, pods, 1.3, 42, new RandomStreams(42).Create("workload"));
    }

    [Benchmark(Description = "One FGD run, seed 42")]
    public OpenbRunResult FgdRun() => OpenbRun.Run(workload, PolicyNames.Fgd, new RandomStreams(42).Create("placement"));

    [Benchmark(Description = "Study: 6 policies x 10 seeds, discretised")]
    public OpenbStudyResult Study()
    {
        var seeds = Enumerable.Range(42, 10).ToArray();
        var workloads = seeds
            .Select(seed => OpenbWorkloadBuilder.Build(nodes, pods, 1.3, seed, new RandomStreams(seed).Create("workload")))
            .ToArray();
        var runs = PolicyNames.All.SelectMany(policy => workloads.Select(w => (policy, w))).ToArray();
        var results = new OpenbRunResult[runs.Length];
        Parallel.For(0, runs.Length, i =>
            results[i] = OpenbRun.Run(runs[i].w, runs[i].policy, new RandomStreams(runs[i].w.Seed).Create("placement")));
        return new OpenbStudyResult(PolicyNames.All, results, OpenbDiscretiser.PublishedMaxPercent);
    }
}
