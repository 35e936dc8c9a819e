using System.Text.Json.Nodes;
using ClusterSim.Cli;
using ClusterSim.Scenarios;
using k8s.Models;

namespace ClusterSim.Live.Tests;

/// <summary>The live and submit commands: preemption end to end, and one clear error for each kind of bad input.</summary>
public sealed class LiveCommandTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-live-cli-").FullName;
    private readonly ListLogger log = new();
    private TestApiServer server = null!;
    private string kubeconfig = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        foreach (var name in new[] { "node-a", "node-b" })
        {
            server.AddNode(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "A100" } },
                Status = new V1NodeStatus
                {
                    Allocatable = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("8"), ["cpu"] = new("32"), ["memory"] = new("256Gi") },
                    Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
                },
            });
        }

        kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "config"));
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ClusterSimProgram.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Live_PreemptsThenReadmits()
    {
        // A low-priority gang fills both nodes; a high-priority job then evicts it, runs, and the
        // gang is admitted again once the high-priority job has finished.
        var low = LivePolicyTests.Job("low", 8, workers: 2, annotations: new() { [LiveJob.DurationAnnotation] = "30s" });
        server.AddJob(low);
        var config = ScenarioLoader.Load("preempting.yaml", LivePolicyTests.Config, ScenarioUse.Live);
        using var client = KubeConnection.Open(kubeconfig, null);
        using var live = new LiveController(client, new LivePolicy(config, "preempting.yaml"),
            new LiveOptions(false, TimeSpan.FromMilliseconds(500), ClusterInventory.DefaultGpuModelLabel, Once: false), log, retryDelay: TimeSpan.FromMilliseconds(20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = live.RunAsync(stop.Token);
        Assert.True(await server.WaitForAsync(() => server.PodsOf("ml", "low").Count == 2, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), log.Tail());

        server.AddJob(LivePolicyTests.Job("high", 8, annotations: new() { [LiveJob.DurationAnnotation] = "1s", [LiveJob.PriorityAnnotation] = "10" }));
        Assert.True(await server.WaitForAsync(() => Reasons("low").Count(r => r == "Admitted") == 2 && server.PodsOf("ml", "low").Count == 2, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), log.Tail());
        await stop.CancelAsync();
        await running;

        Assert.Equal(["Admitted", "Preempted", "Held", "Admitted"], Reasons("low"));
        Assert.Equal(["Held", "Admitted"], Reasons("high"));
        Assert.StartsWith("preempting: evicting ml/low", Messages("high")[0], StringComparison.Ordinal);
        Assert.Equal("evicted for ml/high, which has a higher priority", Messages("low")[1]);
        Assert.Contains(server.GetJob("ml", "high").Status.Conditions, c => c.Type == "Complete");
        Assert.Contains(log.Lines, l => l.EndsWith("Job ml/low: preempt: evicted for ml/high, which has a higher priority", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains(
            ": at the start, Jobs waiting 1, running 1, finished 0; written: admitted 0, newly held 1, preempted 1; afterwards 0 of 16 GPUs on 2 nodes free, Jobs held 1; failed writes 0",
            StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains(
            ": at the start, Jobs waiting 2, running 0, finished 0; written: admitted 1, newly held 1, preempted 0; afterwards 8 of 16 GPUs on 2 nodes free, Jobs held 1; failed writes 0",
            StringComparison.Ordinal));
    }

    private List<JsonObject> EventsOf(string job) => [.. server.Events.Where(e => (string?)e["involvedObject"]!["name"] == job)];

    private List<string> Reasons(string job) => [.. EventsOf(job).Select(e => (string)e["reason"]!)];

    private List<string> Messages(string job) => [.. EventsOf(job).Select(e => (string)e["message"]!)];

    [Fact]
    public void Live_MissingKubeconfig_ExitsWithClusterError()
    {
        var (exit, _, stderr) = Run("live", "--kubeconfig", Path.Combine(folder, "absent"), "--config", File("c.yaml", LivePolicyTests.Config), "--once");

        Assert.Equal(ExitCodes.ClusterError, exit);
        Assert.Equal($"error: {Path.Combine(folder, "absent")}: kubeconfig file not found; check the path given to --kubeconfig.", stderr.Trim());
    }

    [Fact]
    public void Live_Forbidden_NamesThePermissions()
    {
        server.FailWith = 403;

        var (exit, _, stderr) = Run("live", "--kubeconfig", kubeconfig, "--config", File("c.yaml", LivePolicyTests.Config), "--once");

        Assert.Equal(ExitCodes.ClusterError, exit);
        Assert.Contains("grant the account get, list and watch on nodes and pods", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_Unreachable_SaysToCheckTheServer()
    {
        var unreachable = File("unreachable", System.IO.File.ReadAllText(kubeconfig).Replace(server.Address.ToString().TrimEnd('/'), "http://127.0.0.1:1", StringComparison.Ordinal));

        var (exit, _, stderr) = Run("live", "--kubeconfig", unreachable, "--config", File("c.yaml", LivePolicyTests.Config), "--once");

        Assert.Equal(ExitCodes.ClusterError, exit);
        Assert.StartsWith("error: Cannot reach the API server at http://127.0.0.1:1/:", stderr, StringComparison.Ordinal);
        Assert.Contains("Check the server address in the kubeconfig", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_InvalidConfig_NamesFileLineAndField()
    {
        var config = File("bad.yaml", LivePolicyTests.Config.Replace("nominal: 16", "nominal: -4", StringComparison.Ordinal));

        var (exit, _, stderr) = Run("live", "--kubeconfig", kubeconfig, "--config", config, "--once");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains($"{config}:8:", stderr, StringComparison.Ordinal);
        Assert.Contains("nominal", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Contains("/jobs", StringComparison.Ordinal));
    }

    [Fact]
    public void Live_BadInterval_IsRejected()
    {
        var (exit, _, stderr) = Run("live", "--kubeconfig", kubeconfig, "--config", File("c.yaml", LivePolicyTests.Config), "--interval", "soon");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("error: --interval 'soon' is not a positive duration; write one such as 5s or 1m", stderr.Trim());
    }

    [Fact]
    public void Submit_BadOptions_ListEveryProblem()
    {
        var (exit, _, stderr) = Run("submit", "--trace", "jobs.csv", "--time-scale", "0", "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal(
            ["error: --trace needs --config FILE, the scenario or live configuration whose localQueues map namespaces to ClusterQueues",
             "error: --time-scale 0 must be a positive number; 1 replays in real time, 60 an hour per minute"],
            stderr.Trim().Split(Environment.NewLine));
        Assert.DoesNotContain(server.Requests, r => r.Contains("/jobs", StringComparison.Ordinal));
    }

    [Fact]
    public void Submit_UnservedNamespace_CreatesNothing()
    {
        var trace = File("jobs.csv", "timestamp,duration,num_gpus,cluster\n2026-03-02 00:00:00,60,8,vision\n");

        var (exit, _, stderr) = Run("submit", "--trace", trace, "--config", File("c.yaml", LivePolicyTests.Config), "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("1 job(s) are in namespace 'vision', which no LocalQueue of", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal));
    }

    [Fact]
    public void Submit_Trace_CreatesSuspendedJobs()
    {
        var trace = File("jobs.csv", "timestamp,duration,num_gpus,cluster\n2026-03-02 00:00:00,60,16,vision\n2026-03-02 00:00:01,30,2,vision\n");

        var (exit, stdout, stderr) = Run("submit", "--trace", trace, "--config", File("c.yaml", LivePolicyTests.Config), "--namespace", "ml", "--time-scale", "1000", "--kubeconfig", kubeconfig);

        Assert.True(exit == 0, stderr);
        Assert.Equal("2 Job(s) created, 0 already present", stdout.Trim());
        var job = server.GetJob("ml", "philly-2");
        Assert.True(job.Spec.Suspend);
        Assert.Equal(2, job.Spec.Parallelism);
        Assert.Equal("0.06s", job.Metadata.Annotations[LiveJob.DurationAnnotation]);
        Assert.Equal("training", job.Metadata.Labels[JobActions.QueueLabel]);
        Assert.Equal("8", job.Spec.Template.Spec.Containers[0].Resources.Requests["nvidia.com/gpu"].ToString());

        var again = Run("submit", "--trace", trace, "--config", File("c.yaml", LivePolicyTests.Config), "--namespace", "ml", "--time-scale", "1000", "--kubeconfig", kubeconfig);
        Assert.Equal("0 Job(s) created, 2 already present", again.Stdout.Trim());
    }
}
