using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ClusterSim.Cli.Output;

/// <summary>
/// Shows the progress of a batch of runs on standard error: a live bar on a terminal, and one
/// log line per finished run otherwise (for example in CI logs).
/// </summary>
public sealed class RunProgress
{
    private readonly IAnsiConsole console;
    private readonly ILogger logger;

    public RunProgress(TextWriter stderr, ILogger logger)
    {
        console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        this.logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports its share done from 0 to 1, with a bar on a
    /// terminal and a log line every tenth otherwise.
    /// </summary>
    public T RunOne<T>(string description, Func<IProgress<double>, T> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var lastTenth = 0;
            return work(new SynchronousProgress(share =>
            {
                var tenth = (int)(share * 10);
                if (tenth > lastTenth)
                {
                    lastTenth = tenth;
                    Log.Progress(logger, description, tenth * 10);
                }
            }));
        }

        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: 1);
                result = work(new SynchronousProgress(share => task.Value = share));
                task.Value = 1;
            });
        return result;
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, which posts to a synchronisation context.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>
    /// Runs <paramref name="work"/> for each of <paramref name="count"/> items; <paramref name="describe"/>
    /// names item i, and the work returns a short result line for the log.
    /// </summary>
    public void Run(int count, Func<int, string> describe, Func<int, string> work, int parallelism)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        if (!console.Profile.Capabilities.Interactive)
        {
            var done = 0;
            Parallel.For(0, count, options, i =>
            {
                var result = work(i);
                var finished = Interlocked.Increment(ref done);
                Log.RunFinished(logger, describe(i), finished, count, result);
            });
            return;
        }

        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{count} runs", maxValue: count);
                Parallel.For(0, count, options, i =>
                {
                    work(i);
                    task.Increment(1);
                });
            });
    }
}
