using System.CommandLine;
using ClusterSim.Scenarios;
using ClusterSim.Traces;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli;

/// <summary>
/// Runs a command's handler with the output writers and logging of the current invocation, and
/// turns the errors users can fix into one clear message and <see cref="ExitCodes.InvalidInput"/>.
/// </summary>
public static class CommandRunner
{
    private static readonly AsyncLocal<(TextWriter Out, TextWriter Error)?> Writers = new();

    /// <summary>Minimum level of the diagnostic log on standard error.</summary>
    public static readonly Option<LogLevel> LogLevelOption = new("--log-level")
    {
        Description = "Least severe diagnostic messages to show on standard error (Trace, Debug, Information, Warning, Error, Critical, None).",
        DefaultValueFactory = _ => LogLevel.Information,
        Recursive = true,
    };

    /// <summary>Makes the handlers of this asynchronous flow write to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static void UseWriters(TextWriter stdout, TextWriter stderr) => Writers.Value = (stdout, stderr);

    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, ILoggerFactory, int> handler)
    {
        var (stdout, stderr) = Writers.Value ?? (Console.Out, Console.Error);
        using var loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(parse.GetValue(LogLevelOption))
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.IncludeScopes = true;
                console.TimestampFormat = null;
            })
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            return handler(stdout, stderr, loggers);
        }
        catch (UsageException e)
        {
            foreach (var problem in e.Problems)
            {
                // Indented lines continue the problem above them.
                stderr.WriteLine(problem.StartsWith(' ') ? problem : $"error: {problem}");
            }

            return ExitCodes.InvalidInput;
        }
        catch (TraceFormatException e)
        {
            stderr.WriteLine($"error: the trace input has {e.Errors.Count} problem(s); nothing was written:");
            foreach (var error in e.Errors)
            {
                stderr.WriteLine($"  {error}");
            }

            return ExitCodes.InvalidInput;
        }
        catch (ScenarioException e)
        {
            stderr.WriteLine($"error: the scenario has {e.Errors.Count} problem(s):");
            foreach (var error in e.Errors)
            {
                stderr.WriteLine($"  {error}");
            }

            return ExitCodes.InvalidInput;
        }
        catch (Live.LiveModeException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.ClusterError;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: writing results failed: {e.Message.TrimEnd('.')}. Check that the --out folder can be created and written, and that the disk has space.");
            return ExitCodes.InternalError;
        }
    }
}
