using System.CommandLine;
using System.Globalization;
using ClusterSim.Core;
using ClusterSim.Simulation.Faults;
using ClusterSim.Traces;
using ClusterSim.Traces.Pai;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim fit-stragglers</c>: fits a straggler model to per-worker mini-batch times and
/// prints it as the <c>faults.stragglers</c> section of a scenario.
/// </summary>
public static class FitStragglersCommand
{
    private static readonly Argument<string[]> FilesArgument = new("files")
    {
        Description = "Mini-batch time files (worker, time, batch_time_norm), such as job_1_norm.csv of the PAI 2020 trace; each file is one job.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<double> ThresholdOption = new("--threshold")
    {
        Description = "Slowdown relative to the iteration's median worker at which a worker counts as straggling.",
        DefaultValueFactory = _ => 1.2,
    };

    private static readonly Option<string> IterationTimeOption = new("--iteration-time")
    {
        Description = "Wall time of one iteration, used to turn iterations into rates and durations, e.g. 1s; the traces do not record it.",
        DefaultValueFactory = _ => "1s",
    };

    public static Command Create()
    {
        var command = new Command("fit-stragglers", "Fit straggler episode rate, duration and slowdown to per-worker mini-batch times.")
        {
            FilesArgument, ThresholdOption, IterationTimeOption,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, _, _) => Run(parse, stdout)));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter stdout)
    {
        var problems = new List<string>();
        var threshold = parse.GetValue(ThresholdOption);
        var iterationText = parse.GetValue(IterationTimeOption)!;
        if (!double.IsFinite(threshold) || threshold <= 1)
        {
            problems.Add($"Invalid --threshold {threshold}: give a slowdown above 1, e.g. 1.2.");
        }

        if (!DurationText.TryParse(iterationText, out var seconds) || seconds <= 0)
        {
            problems.Add($"Invalid --iteration-time '{iterationText}': write a duration above zero, e.g. 1s, 2s or 1m.");
        }

        if (problems.Count > 0)
        {
            throw new UsageException(problems);
        }

        // Each file is one job; episodes and exposure add up over the jobs.
        var errors = new List<TraceError>();
        var samples = new List<(int, long, double)>();
        var files = parse.GetValue(FilesArgument)!;
        for (var job = 0; job < files.Length; job++)
        {
            try
            {
                samples.AddRange(MiniBatchReader.ReadFile(files[job]).Select(s => ((job * 1_000_000) + s.Worker, s.Iteration + ((long)job << 40), s.Time)));
            }
            catch (TraceFormatException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new TraceFormatException(errors);
        }

        var fit = StragglerFit.Fit(samples, threshold, TimeSpan.FromSeconds(seconds));
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c,
            $"# {fit.Episodes} episodes in {fit.WorkerTime} worker-iterations of {files.Length} job(s), threshold {threshold}, {seconds} s per iteration"));
        stdout.WriteLine("faults:");
        stdout.WriteLine("  stragglers:");
        stdout.WriteLine(string.Create(c, $"    ratePerNodePerDay: {fit.RatePerNodePerDay:0.###}"));
        stdout.WriteLine(string.Create(c, $"    medianDuration: {Math.Max(1, Math.Round(fit.MedianDuration.TotalSeconds))}s"));
        stdout.WriteLine(string.Create(c, $"    durationSigma: {fit.DurationSigma:0.###}"));
        stdout.WriteLine(string.Create(c, $"    slowdownMin: {fit.SlowdownMin:0.###}"));
        stdout.WriteLine(string.Create(c, $"    slowdownMax: {fit.SlowdownMax:0.###}"));
        return ExitCodes.Success;
    }
}
