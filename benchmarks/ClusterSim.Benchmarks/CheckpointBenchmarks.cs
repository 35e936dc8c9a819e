using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ClusterSim.Simulation.Checkpointing;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Benchmarks;

/// <summary>
/// 10,000 replications of a 500-hour job checkpointing at Daly's interval (C = 5 min,
/// R = 10 min), for a job MTBF of 24 h and of 15 min, the case with the most interruptions.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class CheckpointBenchmarks
{
    [Params(24 * 60, 15)]
    public int MtbfMinutes { get; set; }

    [Benchmark(Description = "10,000 replications of a 500 h job")]
    public TimeSpan TenThousandReplications()
    {
        var model = new CheckpointModel(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(MtbfMinutes));
        return CheckpointedJobSimulator.Replicate(10_000, TimeSpan.FromHours(500), model.DalyHigherOrder, model.CheckpointCost, model.RestartCost,
            new NodeFailures(model.JobMtbf, 1), new RandomStreams(1).Create("failures")).Mean;
    }
}
