using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ClusterSim.Cli.Output;
using ClusterSim.Reporting.Workloads;
using ClusterSim.Scenarios;
using ClusterSim.Simulation.Workloads;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Commands;

/// <summary><c>clustersim simulate</c> and <c>clustersim validate</c>: run or check a scenario file.</summary>
public static class ScenarioCommands
{
    public const string QuickstartScenario = "scenarios/quickstart.yaml";

    private static readonly Argument<string> ScenarioArgument = new("scenario")
    {
        Description = "Scenario file (YAML); docs/scenario-format.md describes it.",
    };

    private static readonly Argument<string?> OptionalScenarioArgument = new("scenario")
    {
        Description = $"Scenario file (YAML); docs/scenario-format.md describes it. Without it, the built-in {QuickstartScenario} runs.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> OutOption = new("--out")
    {
        Description = "Results folder; defaults to results/<scenario name>. It must be new or empty, or hold an earlier run's results with --force given.",
    };

    private static readonly Option<bool> ForceOption = new("--force")
    {
        Description = "Replace the results already in the --out folder.",
    };

    public static Command CreateSimulate()
    {
        var command = new Command("simulate", "Run a scenario: jobs queue, are admitted by quota and placed on the simulated cluster until the horizon.")
        {
            OptionalScenarioArgument, OutOption, ForceOption,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, stderr, loggers) =>
            Simulate(parse.GetValue(OptionalScenarioArgument), parse.GetValue(OutOption), parse.GetValue(ForceOption), stdout, stderr, loggers)));
        return command;
    }

    public static Command CreateValidate()
    {
        var command = new Command("validate", "Check a scenario file and print what it describes, without running it.") { ScenarioArgument };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, _, _) => Validate(parse.GetValue(ScenarioArgument)!, stdout)));
        return command;
    }

    private static int Validate(string path, TextWriter stdout)
    {
        var scenario = ScenarioLoader.LoadFile(path);
        var model = scenario.ToModel();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: valid. Scenario '{scenario.Name}': {scenario.Nodes.Count} nodes with {scenario.Nodes.Sum(n => n.GpuCount)} GPUs, {scenario.ClusterQueues.Count} ClusterQueue(s), {model.Jobs.Count} jobs over {scenario.Horizon.TotalDays:0.##} days."));
        return ExitCodes.Success;
    }

    private static int Simulate(string? file, string? outPath, bool force, TextWriter stdout, TextWriter stderr, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("simulate");
        var input = file is null ? TraceInput.Embedded(QuickstartScenario) : null;
        var path = file ?? input!.DisplayPath;

        // A given --out is checked before the scenario, so one run reports both kinds of problem.
        UsageException? outputProblem = null;
        try
        {
            if (outPath is not null)
            {
                ResultDirectory.EnsureWritable(Path.GetFullPath(outPath), outPath, force);
            }
        }
        catch (UsageException e)
        {
            outputProblem = e;
        }

        Scenario scenario;
        try
        {
            scenario = input is null ? ScenarioLoader.LoadFile(path) : ScenarioLoader.Load(path, System.Text.Encoding.UTF8.GetString(input.Content));
        }
        catch (ScenarioException e) when (outputProblem is not null)
        {
            throw new UsageException([.. outputProblem.Problems, $"the scenario has {e.Errors.Count} problem(s):", .. e.Errors.Select(error => $"  {error}")]);
        }

        if (outputProblem is not null)
        {
            throw outputProblem;
        }

        var output = outPath ?? Path.Combine("results", scenario.Name);
        ResultDirectory.EnsureWritable(Path.GetFullPath(output), output, force);
        var model = scenario.ToModel();
        Log.ScenarioLoaded(logger, scenario.Name, model.Jobs.Count, scenario.Nodes.Sum(n => (long)n.GpuCount));

        var result = new RunProgress(stderr, logger).RunOne($"simulating {scenario.Name}", progress => new WorkloadSimulation(model).Run(progress));
        var summary = new WorkloadSummary(result);
        using (var results = ResultDirectory.Begin(output, force))
        {
            WorkloadReportWriter.WriteTables(result, summary, results.StagingPath);
            WorkloadCharts.Save(result, results.StagingPath, scenario.Name);
            var manifest = new RunManifest("simulate");
            manifest.AddInput("scenario", path, input?.Content ?? File.ReadAllBytes(path));
            manifest.Set("settings", new JsonObject
            {
                ["name"] = scenario.Name,
                ["seed"] = scenario.Seed,
                ["start"] = scenario.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["horizonSeconds"] = scenario.Horizon.TotalSeconds,
                ["placement"] = scenario.PlacementPolicy,
                ["partitionLock"] = scenario.Admission.PartitionLock,
                ["rerunCompleted"] = scenario.Admission.RerunCompletedPartitions,
                ["jobs"] = model.Jobs.Count,
                ["events"] = result.EventsHandled,
            });
            manifest.WriteTo(results.StagingPath);
            results.Commit();
        }

        WriteSummary(stdout, scenario, summary);
        Log.ResultsWritten(logger, output);
        return ExitCodes.Success;
    }

    private static void WriteSummary(TextWriter stdout, Scenario scenario, WorkloadSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"scenario {scenario.Name}, {scenario.Horizon.TotalDays:0.##} days"));
        if (summary.DeadlineJobs > 0)
        {
            stdout.WriteLine(string.Create(c,
                $"production SLA: {summary.SlaMisses} of {summary.DeadlineJobs} runs missed their deadline; lateness p50 {Hours(summary.LatenessP50Seconds)}, p95 {Hours(summary.LatenessP95Seconds)}, max {Hours(summary.LatenessMaxSeconds)}"));
        }
        if (summary.BackfillRuns > 0)
        {
            var finished = summary.BackfillFinishedSeconds is { } done ? $"all done after {Hours(done)}" : "not finished by the horizon";
            stdout.WriteLine(string.Create(c,
                $"backfill: {summary.BackfillCompleted} of {summary.BackfillRuns} runs completed, {summary.BackfillSkipped} skipped, {finished}"));
        }

        stdout.WriteLine(string.Create(c,
            $"idempotency violations: {summary.ConcurrentPartitionRuns} concurrent runs of one partition, {summary.ArtifactOverwrites} artifact overwrites"));
        if (summary.Evictions > 0)
        {
            stdout.WriteLine(string.Create(c, $"preemption: {summary.Evictions} evictions cut short {summary.LostGpuHours:F1} GPU hours of work"));
        }
        stdout.WriteLine("queue            jobs  done  unfinished  wait p50  wait p95  wait max  GPU hours");
        foreach (var q in summary.Queues)
        {
            stdout.WriteLine(string.Create(c,
                $"{q.ClusterQueue,-15} {q.Submitted,5} {q.Completed,5} {q.Unfinished,11} {Hours(q.P50WaitSeconds),9} {Hours(q.P95WaitSeconds),9} {Hours(q.MaxWaitSeconds),9} {q.GpuHours,10:F0}"));
        }
    }

    private static string Hours(double seconds) => (seconds / 3600).ToString("0.00", CultureInfo.InvariantCulture) + "h";
}
