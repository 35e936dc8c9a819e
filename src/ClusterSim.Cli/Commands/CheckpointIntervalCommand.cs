using System.CommandLine;
using System.Globalization;
using ClusterSim.Core;
using ClusterSim.Reporting.Checkpointing;
using ClusterSim.Simulation.Checkpointing;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim checkpoint-interval</c>: the Young and Daly checkpoint intervals of a job, the
/// expected slowdown at each, optionally checked by simulation and drawn as a curve.
/// </summary>
public static class CheckpointIntervalCommand
{
    private static readonly Option<string> CostOption = new("--checkpoint-cost")
    {
        Description = "Time to write one checkpoint, e.g. 5m.",
        Required = true,
    };

    private static readonly Option<string> RestartOption = new("--restart-cost")
    {
        Description = "Time to restart from a checkpoint after an interruption, e.g. 10m.",
        Required = true,
    };

    private static readonly Option<string> MtbfOption = new("--mtbf")
    {
        Description = "Mean time between failures of one node, e.g. 24h; with --nodes 1 it is the job's.",
        Required = true,
    };

    private static readonly Option<int> NodesOption = new("--nodes")
    {
        Description = "Nodes the job runs on; the job's MTBF is the node MTBF divided by this.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string> WorkOption = new("--work")
    {
        Description = "Failure-free compute time of the job, for expected wall times and simulation, e.g. 500h.",
        DefaultValueFactory = _ => "500h",
    };

    private static readonly Option<int> ReplicationsOption = new("--replications")
    {
        Description = "Simulate this many runs at each interval and print their mean with a 95 % confidence interval; 0 for none.",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<int> SeedOption = new("--seed")
    {
        Description = "Seed of the simulated failures.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string?> PlotOption = new("--plot")
    {
        Description = "Write a PNG chart of expected slowdown against interval to this file; it must not exist yet.",
    };

    public static Command Create()
    {
        var command = new Command("checkpoint-interval", "Compute Young's and Daly's checkpoint intervals and the expected slowdown of a job with exponential failures.")
        {
            CostOption, RestartOption, MtbfOption, NodesOption, WorkOption, ReplicationsOption, SeedOption, PlotOption,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, _, _) => Run(parse, stdout)));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter stdout)
    {
        var problems = new List<string>();
        var cost = Duration(parse.GetValue(CostOption)!, "--checkpoint-cost", problems, allowZero: false);
        var restart = Duration(parse.GetValue(RestartOption)!, "--restart-cost", problems, allowZero: true);
        var mtbf = Duration(parse.GetValue(MtbfOption)!, "--mtbf", problems, allowZero: false);
        var work = Duration(parse.GetValue(WorkOption)!, "--work", problems, allowZero: false);
        var nodes = parse.GetValue(NodesOption);
        var replications = parse.GetValue(ReplicationsOption);
        var plot = parse.GetValue(PlotOption);
        if (nodes < 1)
        {
            problems.Add($"Invalid --nodes {nodes}: give at least 1.");
        }

        if (replications is < 0 or > 1_000_000 or 1)
        {
            problems.Add($"Invalid --replications {replications}: give 0, or from 2 to 1000000.");
        }

        if (plot is not null && (File.Exists(plot) || Directory.Exists(plot)))
        {
            problems.Add($"Invalid --plot '{plot}': the path exists already; choose a new file name.");
        }

        if (problems.Count > 0)
        {
            throw new UsageException(problems);
        }

        var model = CheckpointModel.ForNodes(cost, restart, mtbf, nodes);
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c,
            $"job MTBF {model.JobMtbf.TotalHours:0.####} h ({mtbf.TotalHours:0.####} h per node, {nodes} node(s)); checkpoint {cost.TotalMinutes:0.##} min, restart {restart.TotalMinutes:0.##} min; work {work.TotalHours:0.##} h"));
        stdout.WriteLine(replications > 0
            ? "interval            minutes  slowdown  expected wall h  simulated wall h (95 % CI)"
            : "interval            minutes  slowdown  expected wall h");
        var streams = new RandomStreams(parse.GetValue(SeedOption));
        var simulated = new List<(double, double)>();
        foreach (var (name, interval) in new[]
        {
            ("Young", model.Young), ("Daly first order", model.DalyFirstOrder), ("Daly higher order", model.DalyHigherOrder), ("exact optimum", model.Optimum),
        })
        {
            var expected = model.ExpectedWallTime(interval, work);
            var line = string.Create(c,
                $"{name,-18} {interval.TotalMinutes,8:F2} {model.Slowdown(interval),9:F4} {(expected == TimeSpan.MaxValue ? "beyond range" : expected.TotalHours.ToString("F2", c)),16}");
            if (replications > 0)
            {
                var (mean, error) = CheckpointedJobSimulator.Replicate(replications, work, interval, cost, restart,
                    new NodeFailures(mtbf, nodes), streams.Create($"failures:{name}"));
                line += string.Create(c, $"  {mean.TotalHours,16:F2} ± {1.96 * error.TotalHours:F2}");
                simulated.Add((interval.TotalMinutes, mean / work));
            }

            stdout.WriteLine(line);
        }

        if (plot is not null)
        {
            CheckpointChart.Save(model, plot, simulated);
            stdout.WriteLine($"chart written to {plot}");
        }

        return ExitCodes.Success;
    }

    private static TimeSpan Duration(string text, string option, List<string> problems, bool allowZero)
    {
        if (!DurationText.TryParse(text, out var seconds) || (!allowZero && seconds == 0) || seconds > TimeSpan.FromDays(36_525).TotalSeconds)
        {
            problems.Add($"Invalid {option} '{text}': write a duration like 45s, 90m, 3h or 1d6h{(allowZero ? string.Empty : " above zero")}.");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
