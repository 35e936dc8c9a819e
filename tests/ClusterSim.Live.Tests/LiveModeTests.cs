using System.Diagnostics;
using ClusterSim.Cli;
using ClusterSim.Scenarios;
using ClusterSim.Simulation.Workloads;
using k8s.Models;

namespace ClusterSim.Live.Tests;

/// <summary>
/// Live mode end to end over real HTTP: the demo scenario is simulated, then submitted to the
/// test API server (which runs the Jobs' pods for their scaled durations) and admitted there by
/// live mode. Both runs must admit the same jobs in the same order, on the same nodes, with the
/// same hold reasons.
/// </summary>
public sealed class LiveModeTests : IAsyncLifetime
{
    // One hour of the scenario lasts four seconds. Its events are at least two seconds apart, so
    // a cycle may run late on a busy machine without changing a decision.
    private const double TimeScale = 900;

    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-live-").FullName;
    private readonly string scenarioPath = Path.Combine(Repository.Root(), "scenarios", "live", "demo.yaml");
    private readonly ListLogger log = new();
    private TestApiServer server = null!;
    private k8s.Kubernetes client = null!;
    private string kubeconfig = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        foreach (var node in ScenarioLoader.LoadFile(scenarioPath).Nodes)
        {
            server.AddNode(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = node.Name, Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = node.GpuModel, ["kubernetes.io/hostname"] = node.Name } },
                Status = new V1NodeStatus
                {
                    Allocatable = new Dictionary<string, ResourceQuantity>
                    {
                        ["nvidia.com/gpu"] = new(node.GpuCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ["cpu"] = new($"{node.CpuMilli}m"),
                        ["memory"] = new($"{node.MemoryMib}Mi"),
                    },
                    Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
                },
            });
        }

        kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "config"));
        client = KubeConnection.Open(kubeconfig, null);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Live_MatchesSimulation()
    {
        var outside = UnlabelledJob();
        server.AddJob(outside);
        var versionBefore = server.GetJob("research", "outside").Metadata.ResourceVersion;

        using var live = Controller(dryRun: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = live.RunAsync(stop.Token);
        Submit();
        await WaitForAllJobsAsync();
        await stop.CancelAsync();
        await running;

        AssertSameAsSimulation(live.Decisions);
        Assert.Equal(versionBefore, server.GetJob("research", "outside").Metadata.ResourceVersion);
        Assert.DoesNotContain(server.Requests, r => r.Contains("/jobs/outside", StringComparison.Ordinal) && !r.StartsWith("GET ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Live_KilledAndRestarted_AdmitsNothingTwice()
    {
        using var first = StartProcess();
        Submit();

        // Kill the first process once it has admitted three Jobs, and start a second one.
        Assert.True(await server.WaitForAsync(() => AdmittedEvents().Count >= 3, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync(TestContext.Current.CancellationToken);
        var admittedBeforeRestart = AdmittedEvents().Count;

        using var second = StartProcess();
        try
        {
            await WaitForAllJobsAsync();
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // Every Job was admitted exactly once, and no hold was written twice for the same reason.
        var admitted = AdmittedEvents();
        Assert.InRange(admittedBeforeRestart, 3, 6);
        Assert.Equal(7, admitted.Count);
        Assert.Equal(7, admitted.Distinct().Count());
        var holdEvents = server.Events.Where(e => (string?)e["reason"] == "Held").Select(e => $"{e["involvedObject"]!["name"]} {((string)e["message"]!).Split(':')[0]}").ToList();
        Assert.NotEmpty(holdEvents);
        Assert.Equal(holdEvents.Distinct().Count(), holdEvents.Count);
    }

    [Fact]
    public async Task Live_ServerFaults_LoseNoDecision()
    {
        using var live = Controller(dryRun: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = live.RunAsync(stop.Token);
        var submitting = Task.Run(Submit, TestContext.Current.CancellationToken);

        // Every second the server drops its watches, clears its history (so watches get 410 Gone) or
        // fails the next requests with 409, 429 or 500, until every Job has finished.
        var faults = 0;
        while (!AllJobsFinished())
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            switch (faults++ % 5)
            {
                case 0: server.DropWatches(); break;
                case 1: server.Compact(); break;
                case 2: server.FailNext(409, 1); break;
                case 3: server.FailNext(429, 2); break;
                default: server.FailNext(500, 2); break;
            }

            Assert.True(faults < 120, $"the Jobs did not finish within 120 s:{Environment.NewLine}{log.Tail()}");
        }

        await submitting;
        await stop.CancelAsync();
        await running;
        AssertSameAsSimulation(live.Decisions);
        Assert.True(faults >= 20, $"only {faults} faults were injected");
    }

    [Fact]
    public async Task DryRun_WritesNothing()
    {
        var start = DateTime.UtcNow;
        foreach (var (job, index) in Simulate().Jobs.Select((r, i) => (r.Job, i)).Where(j => j.Job.SubmitTime == TimeSpan.Zero))
        {
            server.AddJob(JobSubmitter.Build(job, job.Namespace == "prod" ? "production" : "research", start, TimeScale, index));
        }

        var writesBefore = server.Requests.Count;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ClusterSimProgram.Run(["live", "--kubeconfig", kubeconfig, "--config", scenarioPath, "--dry-run", "--once"], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.All(server.Requests.Skip(writesBefore), r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
        Assert.Empty(server.Events);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains("\twould admit\tresearch/demo-", line, StringComparison.Ordinal));
        Assert.All(server.PodsOf("research", "demo-2"), _ => Assert.Fail("a dry run started pods"));
    }

    private static WorkloadResult Simulate() => new WorkloadSimulation(ScenarioLoader.LoadFile(Path.Combine(Repository.Root(), "scenarios", "live", "demo.yaml")).ToModel()).Run();

    private void AssertSameAsSimulation(IReadOnlyList<LiveDecisionRecord> decisions)
    {
        var simulated = Simulate();

        // Admission order: the jobs admitted at each instant, instant after instant.
        var simulatedRounds = simulated.Jobs.Where(r => r.AdmitTime is not null).GroupBy(r => r.AdmitTime!.Value).OrderBy(g => g.Key)
            .Select(g => string.Join(' ', g.Select(r => r.Job.Id).Order(StringComparer.Ordinal))).ToList();
        var admissions = decisions.Where(d => d.Action == LiveAction.Admit).ToList();
        var liveRounds = admissions.GroupBy(d => d.Time).OrderBy(g => g.Key)
            .Select(g => string.Join(' ', g.Select(d => d.WorkloadId).Order(StringComparer.Ordinal))).ToList();
        Assert.Equal(simulatedRounds, liveRounds);

        // Placements: the nodes of every job.
        foreach (var record in simulated.Jobs)
        {
            var admission = Assert.Single(admissions, d => d.WorkloadId == record.Job.Id);
            Assert.True(record.Nodes.SequenceEqual(admission.Nodes.Distinct()),
                $"{record.Job.Id} ran on {string.Join(',', record.Nodes)} in simulation but on {string.Join(',', admission.Nodes)} live:{Environment.NewLine}{log.Tail()}");
        }

        // Hold reasons, in the order each job met them.
        var simulatedHolds = simulated.Holds.GroupBy(h => h.JobId).ToDictionary(g => g.Key, g => string.Join(',', g.Select(h => ClusterSim.Policies.Admission.HoldReasons.Name(h.Reason))));
        var liveHolds = decisions.Where(d => d.Action == LiveAction.Hold).GroupBy(d => d.WorkloadId).ToDictionary(g => g.Key, g => string.Join(',', g.Select(d => d.Reason)));
        Assert.Equal(simulatedHolds.OrderBy(p => p.Key), liveHolds.OrderBy(p => p.Key));
        Assert.Equal(4, liveHolds.Count);
    }

    private LiveController Controller(bool dryRun) =>
        new(client, new LivePolicy(ScenarioLoader.LoadFile(scenarioPath, ScenarioUse.Live), scenarioPath),
            new LiveOptions(dryRun, TimeSpan.FromSeconds(1), ClusterInventory.DefaultGpuModelLabel, Once: false), log, retryDelay: TimeSpan.FromMilliseconds(20));

    private void Submit()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ClusterSimProgram.Run(
            ["submit", "--scenario", scenarioPath, "--kubeconfig", kubeconfig, "--time-scale", TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-level", "Warning"],
            stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        Assert.Equal("7 Job(s) created, 0 already present", stdout.ToString().Trim());
    }

    private static bool JobDone(V1Job job) => job.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true;

    private bool AllJobsFinished() =>
        Simulate().Jobs.All(r => server.FindJob(r.Job.Namespace, JobSubmitter.NameFor(r.Job.Id)) is { } job && JobDone(job));

    private async Task WaitForAllJobsAsync()
    {
        // The submission itself takes 28 s of the 34 s the workload lasts at this scale.
        Assert.True(await server.WaitForAsync(AllJobsFinished, TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken), $"the Jobs did not all finish:{Environment.NewLine}{log.Tail()}");
    }

    private List<string> AdmittedEvents() =>
        [.. server.Events.Where(e => (string?)e["reason"] == "Admitted").Select(e => (string)e["involvedObject"]!["name"]!)];

    private Process StartProcess()
    {
        // The command runs from its own build output, which carries its own dependencies. This test
        // project's folder contains the ASP.NET Core shared framework's versions instead.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var program = Path.Combine(Repository.Root(), "src", "ClusterSim.Cli", "bin", configuration, "net10.0", "clustersim.dll");
        var start = new ProcessStartInfo("dotnet", [program, "live", "--kubeconfig", kubeconfig, "--config", scenarioPath, "--interval", "1s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static V1Job UnlabelledJob() => new()
    {
        Metadata = new V1ObjectMeta { Name = "outside", NamespaceProperty = "research" },
        Spec = new V1JobSpec
        {
            Suspend = true,
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "busybox" }] } },
        },
    };
}
