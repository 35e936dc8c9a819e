using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Cli.Output;
using ClusterSim.Live;
using ClusterSim.Scenarios;
using ClusterSim.Traces.Philly;
using ClusterSim.Traces.Swf;
using k8s;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim live</c> runs the admission engine against a Kubernetes cluster, and
/// <c>clustersim submit</c> creates a scenario's or trace's jobs there as suspended Jobs.
/// </summary>
public static class LiveCommands
{
    private static readonly Option<string> ConfigOption = new("--config")
    {
        Description = "Scenario file whose queues, localQueues, admission and placement sections live mode decides with; its cluster and workloads may be left out.",
        Required = true,
    };

    private static readonly Option<bool> DryRunOption = new("--dry-run")
    {
        Description = "Read the cluster and decide, log each decision, and write nothing.",
    };

    private static readonly Option<string> IntervalOption = new("--interval")
    {
        Description = "Longest time between two admission cycles, e.g. 5s or 1m; a change seen by a watch starts a cycle sooner.",
        DefaultValueFactory = _ => "5s",
    };

    private static readonly Option<bool> OnceOption = new("--once")
    {
        Description = "Run one admission cycle and stop.",
    };

    private static readonly Option<string?> ScenarioOption = new("--scenario")
    {
        Description = "Scenario file whose workloads to submit; its localQueues give each job's ClusterQueue.",
    };

    private static readonly Option<string?> TraceOption = new("--trace")
    {
        Description = "Job trace to submit: a Philly cluster_job_log CSV (.csv) or a Standard Workload Format file (.swf). Needs --config for the queues.",
    };

    private static readonly Option<string?> SubmitConfigOption = new("--config")
    {
        Description = "With --trace: the scenario or live configuration whose localQueues map namespaces to ClusterQueues.",
    };

    private static readonly Option<string> TimeScaleOption = new("--time-scale")
    {
        Description = "How many times faster than recorded to replay: arrival times and durations are divided by it (60 turns an hour into a minute).",
        DefaultValueFactory = _ => "1",
    };

    private static readonly Option<string?> NamespaceOption = new("--namespace")
    {
        Description = "With --trace: namespace of every job (a Philly job's default is its virtual cluster; SWF jobs need this option).",
    };

    private static readonly Option<string> ImageOption = new("--image")
    {
        Description = "Container image of the workers; each runs `sleep` for its job's scaled duration.",
        DefaultValueFactory = _ => JobSubmitter.DefaultImage,
    };

    private static readonly Option<string?> MaxJobsOption = new("--max-jobs")
    {
        Description = "Submit only the first N jobs by arrival time.",
    };

    private static readonly Option<bool> PrintOption = new("--print")
    {
        Description = "Print the Jobs as YAML on standard output instead of creating them.",
    };

    public static Command CreateLive()
    {
        var command = new Command("live", "Admit, place, hold and preempt managed Jobs on a Kubernetes cluster with the simulator's policies.")
        {
            ClusterOptions.Kubeconfig, ClusterOptions.Context, ConfigOption, DryRunOption, IntervalOption, OnceOption, ClusterOptions.GpuModelLabel,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, _, loggers) => RunLive(parse, stdout, loggers)));
        return command;
    }

    public static Command CreateSubmit()
    {
        var command = new Command("submit", "Create the jobs of a scenario or trace on a Kubernetes cluster as suspended Jobs, at their (scaled) arrival times.")
        {
            ScenarioOption, TraceOption, SubmitConfigOption, ClusterOptions.Kubeconfig, ClusterOptions.Context, TimeScaleOption, NamespaceOption, ImageOption, MaxJobsOption, PrintOption,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, stderr, loggers) => RunSubmit(parse, stdout, stderr, loggers)));
        return command;
    }

    private static int RunLive(ParseResult parse, TextWriter stdout, ILoggerFactory loggers)
    {
        var intervalText = parse.GetValue(IntervalOption)!;
        if (!DurationText.TryParse(intervalText, out var intervalSeconds) || intervalSeconds <= 0)
        {
            throw new UsageException($"--interval '{intervalText}' is not a positive duration; write one such as 5s or 1m");
        }

        var configPath = parse.GetValue(ConfigOption)!;
        var config = ScenarioLoader.LoadFile(configPath, ScenarioUse.Live);
        var policy = new LivePolicy(config, configPath);
        using var client = KubeConnection.Open(parse.GetValue(ClusterOptions.Kubeconfig), parse.GetValue(ClusterOptions.Context));
        var options = new LiveOptions(parse.GetValue(DryRunOption), TimeSpan.FromSeconds(intervalSeconds), parse.GetValue(ClusterOptions.GpuModelLabel)!, parse.GetValue(OnceOption));
        using var controller = new LiveController(client, policy, options, loggers.CreateLogger("live"), stdout);
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        controller.RunAsync(stop.Token).GetAwaiter().GetResult();
        loggers.CreateLogger("live").LogInformation("Live mode stopped after {Count} decision(s)", controller.Decisions.Count);
        return ExitCodes.Success;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static int RunSubmit(ParseResult parse, TextWriter stdout, TextWriter stderr, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("submit");
        var scenarioPath = parse.GetValue(ScenarioOption);
        var tracePath = parse.GetValue(TraceOption);
        var configPath = parse.GetValue(SubmitConfigOption);
        var timeScaleText = parse.GetValue(TimeScaleOption)!;
        var problems = new List<string>();
        if ((scenarioPath is null) == (tracePath is null))
        {
            problems.Add("give exactly one of --scenario FILE and --trace FILE");
        }
        else if (tracePath is not null && configPath is null)
        {
            problems.Add("--trace needs --config FILE, the scenario or live configuration whose localQueues map namespaces to ClusterQueues");
        }

        if (!double.TryParse(timeScaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out var timeScale) || !(timeScale > 0) || double.IsInfinity(timeScale))
        {
            problems.Add($"--time-scale {timeScaleText} must be a positive number; 1 replays in real time, 60 an hour per minute");
        }

        var maxJobs = int.MaxValue;
        if (parse.GetValue(MaxJobsOption) is { } maxJobsText
            && (!int.TryParse(maxJobsText, NumberStyles.None, CultureInfo.InvariantCulture, out maxJobs) || maxJobs < 1))
        {
            problems.Add($"--max-jobs {maxJobsText} must be a whole number of at least 1");
        }

        if (problems.Count > 0)
        {
            throw new UsageException(problems);
        }

        IReadOnlyList<JobSpec> jobs;
        Scenario config;
        if (scenarioPath is not null)
        {
            config = ScenarioLoader.LoadFile(scenarioPath);
            jobs = config.ToModel().Jobs;
        }
        else
        {
            config = ScenarioLoader.LoadFile(configPath!, ScenarioUse.Live);
            jobs = ReadTrace(tracePath!, parse.GetValue(NamespaceOption));
        }

        var selected = jobs.OrderBy(j => j.SubmitTime).Take(maxJobs).ToList();
        var unserved = selected.Where(j => !config.ClusterQueueByNamespace.ContainsKey(j.Namespace)).GroupBy(j => j.Namespace).ToList();
        if (unserved.Count > 0)
        {
            throw new UsageException([.. unserved.Select(g =>
                $"{g.Count()} job(s) are in namespace '{g.Key}', which no LocalQueue of {configPath ?? scenarioPath} serves; add it under queues.localQueues{(tracePath is null || parse.GetValue(NamespaceOption) is not null ? string.Empty : " or give --namespace")}")]);
        }

        var image = parse.GetValue(ImageOption)!;
        var withQueues = selected.Select(j => (j, config.ClusterQueueByNamespace[j.Namespace])).ToList();
        if (parse.GetValue(PrintOption))
        {
            var start = DateTime.UtcNow;
            for (var i = 0; i < withQueues.Count; i++)
            {
                var (job, queue) = withQueues[i];
                stdout.WriteLine("---");
                stdout.Write(KubernetesYaml.Serialize(JobSubmitter.Build(job, queue, start + (job.SubmitTime / timeScale), timeScale, i, image)));
                stdout.WriteLine();
            }

            return ExitCodes.Success;
        }

        using var client = KubeConnection.Open(parse.GetValue(ClusterOptions.Kubeconfig), parse.GetValue(ClusterOptions.Context));
        var creator = new JobSubmitter(client, logger) { Image = image };
        var last = selected.Count == 0 ? TimeSpan.Zero : selected[^1].SubmitTime / timeScale;
        logger.LogInformation("Submitting {Count} Jobs over {Seconds:0.#} s (time scale {Scale})", selected.Count, last.TotalSeconds, timeScale);
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        new RunProgress(stderr, logger).RunOne("submitting", progress =>
        {
            try
            {
                creator.SubmitAsync(withQueues, DateTime.UtcNow, timeScale, progress, stop.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Stopped; run the same command again to submit the rest (Jobs that exist are left alone)");
            }

            return 0;
        });
        stdout.WriteLine($"{creator.Created} Job(s) created, {creator.Existing} already present");
        return ExitCodes.Success;
    }

    private static IReadOnlyList<JobSpec> ReadTrace(string path, string? ns)
    {
        var resources = new WorkerResources(8000, 64 * 1024, string.Empty);
        if (path.EndsWith(".swf", StringComparison.OrdinalIgnoreCase))
        {
            if (ns is null)
            {
                throw new UsageException($"{path}: an SWF trace names no namespace; give --namespace NAME");
            }

            return TraceWorkloads.FromSwf("swf", ns, SwfReader.ReadFile(path), resources);
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var philly = PhillyReader.ReadJobs(path);
            if (philly.Count == 0)
            {
                return [];
            }

            var start = DateOnly.FromDateTime(philly.Min(j => j.Submitted));
            var jobs = TraceWorkloads.FromPhilly("philly", philly, start, 8, resources);
            return ns is null ? jobs : [.. jobs.Select(j => j with { Namespace = ns })];
        }

        throw new UsageException($"{path}: unknown trace format; give a Philly cluster_job_log CSV (.csv) or an SWF file (.swf)");
    }
}
