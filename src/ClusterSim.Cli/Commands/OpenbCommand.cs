using System.CommandLine;
using System.Text.Json.Nodes;
using ClusterSim.Cli.Output;
using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Reporting.Openb;
using ClusterSim.Simulation.Kernel;
using ClusterSim.Simulation.Openb;
using ClusterSim.Traces;
using ClusterSim.Traces.Openb;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim openb</c>: the FGD paper's placement study. Every policy places the pods of an
/// openb trace, inflated to a target share of GPU capacity, on an empty cluster, once per seed.
/// </summary>
public static class OpenbCommand
{
    public const string SampleNodes = "sample/openb_node_list_sample.csv";
    public const string SamplePods = "sample/openb_pod_list_sample.csv";

    private static readonly Option<string?> NodesOption = new("--nodes")
    {
        Description = "Node list CSV (sn,cpu_milli,memory_mib,gpu,model). Omit --nodes and --pods to use the built-in sample.",
    };

    private static readonly Option<string?> PodsOption = new("--pods")
    {
        Description = "Pod list CSV (name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec]).",
    };

    private static readonly Option<string> PoliciesOption = new("--policies")
    {
        Description = $"Comma-separated placement policies, any case: {string.Join(",", PolicyNames.All)}.",
        DefaultValueFactory = _ => string.Join(",", PolicyNames.All),
    };

    private static readonly Option<string> SeedsOption = new("--seeds")
    {
        Description = "Seeds as a list and ranges, e.g. 42-51 or 1,5,9-12. Each seed shuffles, inflates and ranks anew.",
        DefaultValueFactory = _ => "42-51",
    };

    private static readonly Option<double> InflationOption = new("--inflation")
    {
        Description = "Submitted GPU demand as a multiple of cluster GPU capacity (1.3 submits 130 %).",
        DefaultValueFactory = _ => 1.3,
    };

    private static readonly Option<int> PopularityOption = new("--popularity-percent")
    {
        Description = "Share of pods, in percent, that the FGD target workload's most popular shapes must cover.",
        DefaultValueFactory = _ => TargetWorkload.DefaultPopularityPercent,
    };

    private static readonly Option<string> OutOption = new("--out")
    {
        Description = "Results folder. It must be new or empty, or hold an earlier run's results with --force given.",
        DefaultValueFactory = _ => Path.Combine("results", "openb"),
    };

    private static readonly Option<bool> ForceOption = new("--force")
    {
        Description = "Replace the results already in the --out folder.",
    };

    private static readonly Option<int> ParallelismOption = new("--parallelism")
    {
        Description = "Number of runs at once; defaults to the number of cores.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Command Create()
    {
        var command = new Command("openb", "Run the openb GPU placement study: allocation and fragmentation of each policy as load grows.")
        {
            NodesOption, PodsOption, PoliciesOption, SeedsOption, InflationOption, PopularityOption, OutOption, ForceOption, ParallelismOption,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, stderr, loggers) =>
            Run(Validate(parse), stdout, stderr, loggers)));
        return command;
    }

    /// <summary>Checks every option and reports all problems at once, together with those of the trace files.</summary>
    private static OpenbSettings Validate(ParseResult parse)
    {
        var problems = new List<string>();
        var nodes = parse.GetValue(NodesOption);
        var pods = parse.GetValue(PodsOption);
        if ((nodes is null) != (pods is null))
        {
            problems.Add("Give both --nodes and --pods, or neither to use the built-in sample.");
        }

        var policyText = parse.GetValue(PoliciesOption) ?? string.Empty;
        var names = policyText.Split(',', StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => PolicyNames.Normalize(n) is null).ToList();
        var policies = names.Select(PolicyNames.Normalize).OfType<string>().ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"Invalid --policies '{policyText}': unknown policy {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Valid policies: {string.Join(", ", PolicyNames.All)}.");
        }
        else if (policies.Distinct().Count() != policies.Count)
        {
            problems.Add($"Invalid --policies '{policyText}': a policy is listed twice; list each policy once.");
        }

        var inflation = parse.GetValue(InflationOption);
        if (!double.IsFinite(inflation) || inflation <= 0 || inflation > 100)
        {
            problems.Add($"Invalid --inflation {inflation}: give a multiple of GPU capacity above 0 and at most 100, e.g. 1.3.");
        }

        var popularity = parse.GetValue(PopularityOption);
        if (popularity is < 1 or > 100)
        {
            problems.Add($"Invalid --popularity-percent {popularity}: give a whole percentage from 1 to 100.");
        }

        var parallelism = parse.GetValue(ParallelismOption);
        if (parallelism < 1)
        {
            problems.Add($"Invalid --parallelism {parallelism}: give at least 1.");
        }

        IReadOnlyList<int> seeds = [];
        try
        {
            seeds = SeedList.Parse(parse.GetValue(SeedsOption) ?? string.Empty);
        }
        catch (UsageException e)
        {
            problems.AddRange(e.Problems);
        }

        var output = parse.GetValue(OutOption)!;
        var force = parse.GetValue(ForceOption);
        try
        {
            ResultDirectory.EnsureWritable(Path.GetFullPath(output), output, force);
        }
        catch (UsageException e)
        {
            problems.AddRange(e.Problems);
        }

        if (problems.Count > 0)
        {
            // The trace files are checked too, so one run shows every problem there is.
            var traceProblems = (nodes is null) == (pods is null) ? TraceProblems(nodes, pods) : [];
            throw new UsageException([.. problems, .. traceProblems]);
        }

        return new OpenbSettings(nodes, pods, policies, seeds, inflation, popularity, output, force, parallelism);
    }

    private static List<string> TraceProblems(string? nodes, string? pods)
    {
        try
        {
            ReadTraces(nodes, pods);
            return [];
        }
        catch (TraceFormatException e)
        {
            return [$"the trace input has {e.Errors.Count} problem(s):", .. e.Errors.Select(error => $"  {error}")];
        }
    }

    /// <summary>Runs the study with validated settings; returns the exit code.</summary>
    internal static int Run(OpenbSettings settings, TextWriter stdout, TextWriter stderr, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("openb");
        var (nodeInput, podInput, nodes, pods) = ReadTraces(settings.NodesPath, settings.PodsPath);
        Log.TracesRead(logger, nodes.Count, nodes.Sum(n => (long)n.GpuCount), nodeInput.DisplayPath, pods.Count, podInput.DisplayPath);
        if (nodes.Sum(n => n.GpuCount) == 0)
        {
            throw new UsageException($"{nodeInput.DisplayPath}: the cluster has no GPUs, so no GPU percentages can be computed; give a node list with GPU nodes.");
        }

        WarnAboutUnplaceablePods(logger, nodes, pods);
        var workloads = settings.Seeds
            .Select(seed => OpenbWorkloadBuilder.Build(nodes, pods, settings.Inflation, seed,
                new RandomStreams(seed).Create(StreamNames.Workload), settings.PopularityPercent))
            .ToArray();
        var runs = settings.Policies.SelectMany(policy => workloads.Select(workload => (policy, workload))).ToArray();
        var results = new OpenbRunResult[runs.Length];
        new RunProgress(stderr, logger).Run(
            runs.Length,
            i => $"{runs[i].policy} seed {runs[i].workload.Seed}",
            i =>
            {
                var (policy, workload) = runs[i];
                results[i] = OpenbRun.Run(workload, policy, new RandomStreams(workload.Seed).Create(StreamNames.Placement));
                return $"{results[i].FailedPods.Count} pods failed";
            },
            settings.Parallelism);

        var study = new OpenbStudyResult(settings.Policies, results, OpenbDiscretiser.PublishedMaxPercent);
        using (var output = ResultDirectory.Begin(settings.OutputPath, settings.Force))
        {
            OpenbReportWriter.WriteTables(study, output.StagingPath);
            AllocationChart.Save(study, Path.Combine(output.StagingPath, OpenbReportWriter.ChartFile),
                $"GPU allocation, {Path.GetFileName(podInput.DisplayPath)}, {settings.Seeds.Count} seeds");
            var manifest = new RunManifest("openb");
            manifest.AddInput("nodes", nodeInput.DisplayPath, nodeInput.Content);
            manifest.AddInput("pods", podInput.DisplayPath, podInput.Content);
            manifest.Set("settings", Describe(settings));
            manifest.Set("workloads", new JsonArray([.. workloads.Select(DescribeWorkload)]));
            manifest.WriteTo(output.StagingPath);
            output.Commit();
        }

        SummaryTable.Write(stdout, study);
        Log.ResultsWritten(logger, settings.OutputPath);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Warns about pods that no node could take even when the cluster is empty, such as a
    /// request for a GPU model the cluster lacks: they fail in every run.
    /// </summary>
    private static void WarnAboutUnplaceablePods(ILogger logger, IReadOnlyList<NodeSpec> nodes, IReadOnlyList<PodSpec> pods)
    {
        var emptyNodes = nodes.DistinctBy(n => (n.CpuMilli, n.MemoryMib, n.GpuCount, n.GpuModel))
            .Select((spec, i) => new NodeState(i, spec, ClusterState.DefaultMaxPodsPerNode))
            .ToList();
        var unplaceable = pods
            .GroupBy(p => (p.CpuMilli, p.MemoryMib, p.GpuCount, p.GpuMilli, p.GpuModels))
            .Where(group => emptyNodes.All(node => NodeFilter.Check(node, group.First()) != FilterOutcome.Fits))
            .ToList();
        if (unplaceable.Count > 0)
        {
            var example = unplaceable[0].First();
            Log.UnplaceablePods(logger, unplaceable.Sum(g => g.Count()), example.Name, example.CpuMilli, example.MemoryMib,
                example.GpuCount, example.GpuMilli, example.GpuModels.Length == 0 ? "any" : example.GpuModels);
        }
    }

    /// <summary>Reads both trace files and reports the problems of both at once.</summary>
    private static (TraceInput NodeInput, TraceInput PodInput, IReadOnlyList<NodeSpec> Nodes, IReadOnlyList<PodSpec> Pods) ReadTraces(
        string? nodesPath, string? podsPath)
    {
        var errors = new List<TraceError>();
        var nodeInput = nodesPath is null ? TraceInput.Embedded(SampleNodes) : TraceInput.FromFile(nodesPath, "--nodes", errors);
        var podInput = podsPath is null ? TraceInput.Embedded(SamplePods) : TraceInput.FromFile(podsPath, "--pods", errors);
        var nodes = nodeInput is null ? [] : Parse(nodeInput, OpenbNodeReader.Read, errors);
        var pods = podInput is null ? [] : Parse(podInput, OpenbPodReader.Read, errors);
        return errors.Count > 0 ? throw new TraceFormatException(errors) : (nodeInput!, podInput!, nodes, pods);
    }

    private static IReadOnlyList<T> Parse<T>(TraceInput input, Func<string, TextReader, IReadOnlyList<T>> read, List<TraceError> errors)
    {
        try
        {
            using var reader = input.OpenText();
            return read(input.DisplayPath, reader);
        }
        catch (TraceFormatException e)
        {
            errors.AddRange(e.Errors);
            return [];
        }
    }

    private static JsonObject Describe(OpenbSettings settings) => new()
    {
        ["policies"] = new JsonArray([.. settings.Policies.Select(p => JsonValue.Create(p))]),
        ["seeds"] = new JsonArray([.. settings.Seeds.Select(s => JsonValue.Create(s))]),
        ["inflation"] = settings.Inflation,
        ["popularityPercent"] = settings.PopularityPercent,
        ["maxPodsPerNode"] = ClusterState.DefaultMaxPodsPerNode,
        ["randomStreams"] = $"MathNet.Numerics MersenneTwister per seed: '{StreamNames.Workload}' shuffles, inflates and ranks nodes; '{StreamNames.Placement}' feeds the random policy",
    };

    private static JsonObject DescribeWorkload(OpenbWorkload workload) => new()
    {
        ["seed"] = workload.Seed,
        ["originalPods"] = workload.OriginalPodCount,
        ["clonesAdded"] = workload.ClonesAdded,
        ["podsRemoved"] = workload.PodsRemoved,
        ["submittedPods"] = workload.Submissions.Count,
        ["submittedGpuMilli"] = workload.TotalGpuDemandMilli,
        ["targetWorkloadShapes"] = workload.Target.Pods.Count,
        ["targetWorkloadCoverage"] = Math.Round(workload.Target.Coverage, 6),
    };

    /// <summary>Names of the random streams derived from each seed.</summary>
    private static class StreamNames
    {
        public const string Workload = "workload";
        public const string Placement = "placement";
    }
}
