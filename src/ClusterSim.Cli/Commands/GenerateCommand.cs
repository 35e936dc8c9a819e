using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using ClusterSim.Cli.Output;
using ClusterSim.Traces.Openb;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Commands;

/// <summary><c>clustersim generate openb</c>: writes a synthetic openb-format cluster and pod list.</summary>
public static class GenerateCommand
{
    public const string NodeFile = "openb_node_list_sample.csv";
    public const string PodFile = "openb_pod_list_sample.csv";

    private static readonly Option<int> NodeCountOption = new("--node-count")
    {
        Description = "Number of nodes, split over five GPU node pools modelled on openb.",
        DefaultValueFactory = _ => 64,
    };

    private static readonly Option<double> DemandOption = new("--demand")
    {
        Description = "GPU demand of the pod list as a multiple of the cluster's GPU capacity.",
        DefaultValueFactory = _ => 0.98,
    };

    private static readonly Option<int> SeedOption = new("--seed")
    {
        Description = "Seed of the pod draws.",
        DefaultValueFactory = _ => 7,
    };

    private static readonly Option<string> OutOption = new("--out")
    {
        Description = "Folder for the two CSV files and the manifest. It must be new or empty, or hold an earlier run's results with --force given.",
        Required = true,
    };

    private static readonly Option<bool> ForceOption = new("--force")
    {
        Description = "Replace the files already in the --out folder.",
    };

    public static Command Create()
    {
        var openb = new Command("openb", "Generate a synthetic cluster and pod list in the openb CSV format.")
        {
            NodeCountOption, DemandOption, SeedOption, OutOption, ForceOption,
        };
        openb.SetAction(parse => CommandRunner.Run(parse, (stdout, _, loggers) => Run(parse, stdout, loggers)));
        return new Command("generate", "Generate synthetic traces.") { openb };
    }

    private static int Run(ParseResult parse, TextWriter stdout, ILoggerFactory loggers)
    {
        var nodeCount = parse.GetValue(NodeCountOption);
        var demand = parse.GetValue(DemandOption);
        var seed = parse.GetValue(SeedOption);
        var problems = new List<string>();
        if (nodeCount is < 1 or > 1_000_000)
        {
            problems.Add($"Invalid --node-count {nodeCount}: give a number of nodes from 1 to 1000000.");
        }

        if (!double.IsFinite(demand) || demand <= 0 || demand > 100)
        {
            problems.Add($"Invalid --demand {demand}: give a multiple of GPU capacity above 0 and at most 100, e.g. 0.98.");
        }

        if (problems.Count > 0)
        {
            throw new UsageException(problems);
        }

        var nodes = OpenbSyntheticGenerator.Nodes(nodeCount);
        var pods = OpenbSyntheticGenerator.Pods(nodes, demand, seed);
        var outPath = parse.GetValue(OutOption)!;
        using var output = ResultDirectory.Begin(outPath, parse.GetValue(ForceOption));
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using (var writer = new StreamWriter(Path.Combine(output.StagingPath, NodeFile), false, encoding) { NewLine = "\n" })
        {
            OpenbTraceWriter.WriteNodes(writer, nodes);
        }

        using (var writer = new StreamWriter(Path.Combine(output.StagingPath, PodFile), false, encoding) { NewLine = "\n" })
        {
            OpenbTraceWriter.WritePods(writer, pods);
        }

        var manifest = new RunManifest("generate openb");
        manifest.Set("settings", new JsonObject { ["nodeCount"] = nodeCount, ["demand"] = demand, ["seed"] = seed });
        manifest.WriteTo(output.StagingPath);
        output.Commit();
        Log.TraceGenerated(loggers.CreateLogger("generate"), nodes.Count, pods.Count, outPath);
        stdout.WriteLine($"{nodes.Count} nodes ({nodes.Sum(n => n.GpuCount)} GPUs) and {pods.Count} pods written to {outPath}");
        return ExitCodes.Success;
    }
}
