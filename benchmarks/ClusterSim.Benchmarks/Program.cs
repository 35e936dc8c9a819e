using BenchmarkDotNet.Running;
using ClusterSim.Benchmarks;

// The openb benchmarks need the public trace; without it, say what to set and run the rest.
var missing = OpenbTrace.MissingReason();
if (missing is not null && args.Any(a => a.Contains("Openb", StringComparison.Ordinal) || a.Contains("Fgd", StringComparison.Ordinal) || a == "*"))
{
    Console.Error.WriteLine($"Skipping the openb benchmarks: {missing}");
}

var types = missing is null
    ? new[] { typeof(OpenbRunBenchmarks), typeof(FgdScoringBenchmarks), typeof(EventLoopBenchmarks), typeof(WorkloadBenchmarks), typeof(CheckpointBenchmarks), typeof(LiveCycleBenchmarks) }
    : [typeof(EventLoopBenchmarks), typeof(WorkloadBenchmarks), typeof(CheckpointBenchmarks), typeof(LiveCycleBenchmarks)];
BenchmarkSwitcher.FromTypes(types).Run(args);
