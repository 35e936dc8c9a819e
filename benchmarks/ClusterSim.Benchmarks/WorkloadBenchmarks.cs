using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ClusterSim.Scenarios;
using ClusterSim.Simulation.Workloads;

namespace ClusterSim.Benchmarks;

/// <summary>
/// Workload simulations end to end, from a loaded scenario to the recorded result: the 90-day
/// scenario with about a million jobs on 10,000 GPUs, and the Philly replay (which needs the
/// public traces). Each run is long, so a few measured runs suffice.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class WorkloadBenchmarks
{
    private WorkloadModel millionJobs = null!;
    private WorkloadModel? philly;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot();
        millionJobs = ScenarioLoader.LoadFile(Path.Combine(root, "benchmarks", "scenarios", "million-jobs.yaml")).ToModel();
        if (OpenbTrace.MissingReason() is null)
        {
            philly = ScenarioLoader.LoadFile(Path.Combine(root, "scenarios", "philly", "philly-vc-quotas.yaml")).ToModel();
        }
    }

    [Benchmark(Description = "90 days, ~1,000,000 jobs, 10,000 GPUs")]
    public WorkloadResult MillionJobs() => new WorkloadSimulation(millionJobs).Run();

    [Benchmark(Description = "Philly replay, 82,247 jobs, 108 days")]
    public WorkloadResult? PhillyReplay() => philly is null ? null : new WorkloadSimulation(philly).Run();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ClusterSim.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("ClusterSim.sln not found above the benchmark's folder; run the benchmarks from the repository.");
    }
}
