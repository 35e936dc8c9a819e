using k8s.Models;

namespace ClusterSim.Live.Tests;

public sealed class JobActionsTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-jobs-").FullName;
    private TestApiServer server = null!;
    private k8s.Kubernetes client = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        server.AddJob(Job("train-1", managed: true));
        server.AddJob(Job("other", managed: false));
        client = KubeConnection.Open(server.WriteKubeconfig(Path.Combine(folder, "config")), null);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    private static V1Job Job(string name, bool managed) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ml",
            Labels = managed ? new Dictionary<string, string> { [JobActions.QueueLabel] = "training" } : new Dictionary<string, string>(),
        },
        Spec = new V1JobSpec
        {
            Suspend = true,
            Parallelism = 2,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "trainer:1.0" }] },
            },
        },
    };

    private JobActions Actions() => new(client, TimeSpan.FromMilliseconds(5));

    private int Patches() => server.Requests.Count(r => r.StartsWith("PATCH ", StringComparison.Ordinal));

    [Fact]
    public async Task Admit_PinsNodesAndUnsuspends()
    {
        var admitted = await Actions().AdmitAsync(server.GetJob("ml", "train-1"), ["gpu-a", "gpu-b"], TestContext.Current.CancellationToken);

        var job = server.GetJob("ml", "train-1");
        Assert.True(admitted);
        Assert.False(job.Spec.Suspend);
        var term = Assert.Single(job.Spec.Template.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        var expression = Assert.Single(term.MatchExpressions);
        Assert.Equal("kubernetes.io/hostname", expression.Key);
        Assert.Equal(["gpu-a", "gpu-b"], expression.Values);
        Assert.Equal("admitted", job.Metadata.Annotations[JobActions.DecisionAnnotation]);
        Assert.Equal("gpu-a,gpu-b", job.Metadata.Annotations[JobActions.NodesAnnotation]);
        Assert.Equal("trainer:1.0", job.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Admit_Twice_WritesOnce()
    {
        var actions = Actions();
        await actions.AdmitAsync(server.GetJob("ml", "train-1"), ["gpu-a"], TestContext.Current.CancellationToken);

        var again = await actions.AdmitAsync(server.GetJob("ml", "train-1"), ["gpu-a"], TestContext.Current.CancellationToken);

        Assert.False(again);
        Assert.Equal(1, Patches());
    }

    [Fact]
    public async Task Hold_RecordsAnnotationAndEvent()
    {
        var actions = Actions();
        await actions.HoldAsync(server.GetJob("ml", "train-1"), "quota: needs 16 GPUs, 8 free", TestContext.Current.CancellationToken);
        var again = await actions.HoldAsync(server.GetJob("ml", "train-1"), "quota: needs 16 GPUs, 8 free", TestContext.Current.CancellationToken);

        var job = server.GetJob("ml", "train-1");
        Assert.False(again);
        Assert.True(job.Spec.Suspend);
        Assert.Equal("held", job.Metadata.Annotations[JobActions.DecisionAnnotation]);
        Assert.Equal("quota: needs 16 GPUs, 8 free", job.Metadata.Annotations[JobActions.ReasonAnnotation]);
        var record = Assert.Single(server.Events);
        Assert.Equal("Held", (string?)record["reason"]);
        Assert.Equal("train-1", (string?)record["involvedObject"]!["name"]);
        Assert.Equal("Job", (string?)record["involvedObject"]!["kind"]);
    }

    [Fact]
    public async Task Preempt_SuspendsAndClearsNodes()
    {
        var actions = Actions();
        await actions.AdmitAsync(server.GetJob("ml", "train-1"), ["gpu-a"], TestContext.Current.CancellationToken);

        await actions.PreemptAsync(server.GetJob("ml", "train-1"), "reclaimed by queue research", TestContext.Current.CancellationToken);

        var job = server.GetJob("ml", "train-1");
        Assert.True(job.Spec.Suspend);
        Assert.Equal("preempted", job.Metadata.Annotations[JobActions.DecisionAnnotation]);
        Assert.False(job.Metadata.Annotations.ContainsKey(JobActions.NodesAnnotation));
        Assert.Equal(["Admitted", "Preempted"], server.Events.Select(e => (string?)e["reason"]));
        Assert.Equal("admitted on gpu-a", (string?)server.Events.First()["message"]);
    }

    [Fact]
    public async Task UnlabelledJob_NeverPatched()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Actions().AdmitAsync(server.GetJob("ml", "other"), ["gpu-a"], TestContext.Current.CancellationToken));

        Assert.Contains("ml/other", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Patches());
        Assert.Null(server.GetJob("ml", "other").Metadata.Annotations);
    }

    [Theory]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task TransientErrors_Retried(int code)
    {
        var actions = Actions();
        server.FailNext(code, 2);

        await actions.AdmitAsync(server.GetJob("ml", "train-1"), ["gpu-a"], TestContext.Current.CancellationToken);

        Assert.Equal(2, actions.Retries);
        Assert.False(server.GetJob("ml", "train-1").Spec.Suspend);
    }

    [Fact]
    public async Task Kubectl_SeesAdmittedJob()
    {
        await Actions().AdmitAsync(server.GetJob("ml", "train-1"), ["gpu-a"], TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await RunKubectl("get", "jobs", "-n", "ml", "-o",
            "jsonpath={range .items[*]}{.metadata.name}={.spec.suspend}{\"\\n\"}{end}");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["other=true", "train-1=false"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunKubectl(params string[] args) =>
        Kubectl.RunAsync(Path.Combine(folder, "config"), folder, args);

    [Fact]
    public async Task Kubectl_ApplyThenDelete()
    {
        var manifest = Path.Combine(folder, "job.yaml");
        File.WriteAllText(manifest, """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: finetune
              namespace: ml
              labels:
                clustersim.io/queue: training
            spec:
              suspend: true
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: trainer:2.0
            """);

        // The test server serves no OpenAPI schema, so client-side validation is off.
        var apply = await RunKubectl("apply", "--validate=false", "-f", manifest);

        Assert.True(apply.ExitCode == 0, apply.Stderr);
        var job = server.GetJob("ml", "finetune");
        Assert.True(JobActions.IsManaged(job));
        Assert.True(job.Spec.Suspend);

        var delete = await RunKubectl("delete", "job", "finetune", "-n", "ml", "--wait=false");

        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Contains(server.Requests, r => r.StartsWith("POST /apis/batch/v1/namespaces/ml/jobs", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.StartsWith("DELETE /apis/batch/v1/namespaces/ml/jobs/finetune", StringComparison.Ordinal));
        Assert.Equal(404, await StatusOf("finetune"));
    }

    private async Task<int> StatusOf(string name)
    {
        var (exitCode, _, stderr) = await RunKubectl("get", "job", name, "-n", "ml");
        return exitCode != 0 && stderr.Contains("NotFound", StringComparison.Ordinal) ? 404 : exitCode;
    }
}
