using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ClusterSim.Live.Tests;

/// <summary>Tests of the test API server's Job controller, Job watches and patch content types, through KubernetesClient and kubectl.</summary>
public sealed partial class TestApiServerControllerTests : IAsyncLifetime
{
    /// <summary>Maximum wait for anything the server does in the background, generous for a slow CI machine.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-controller-").FullName;
    private TestApiServer server = null!;
    private k8s.Kubernetes client = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();

        // Added out of name order, so "the first node by name" differs from the first node added.
        server.AddNode(Node("n2"));
        server.AddNode(Node("n1"));
        server.AddNode(Node("n3"));
        client = KubeConnection.Open(server.WriteKubeconfig(Path.Combine(folder, "config")), null);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    private static V1Node Node(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    private static V1Job Job(string name, bool suspend, int? parallelism = null, string? nodes = null, string? duration = null, IList<string>? affinity = null)
    {
        var annotations = new Dictionary<string, string>();
        if (nodes is not null)
        {
            annotations[JobActions.NodesAnnotation] = nodes;
        }

        if (duration is not null)
        {
            annotations[TestApiServer.DurationAnnotation] = duration;
        }

        return new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ml", Annotations = annotations, Labels = new Dictionary<string, string> { ["team"] = "vision" } },
            Spec = new V1JobSpec
            {
                Suspend = suspend,
                Parallelism = parallelism,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "trainer" } },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers = [new V1Container { Name = "main", Image = "trainer:1.0" }],
                        Affinity = affinity is null ? null : new V1Affinity
                        {
                            NodeAffinity = new V1NodeAffinity
                            {
                                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                                {
                                    NodeSelectorTerms = [new V1NodeSelectorTerm
                                    {
                                        MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = affinity }],
                                    }],
                                },
                            },
                        },
                    },
                },
            },
        };
    }

    private Task<bool> WaitFor(Func<bool> condition) => server.WaitForAsync(condition, Timeout, TestContext.Current.CancellationToken);

    private Task<(int ExitCode, string Stdout, string Stderr)> RunKubectl(params string[] args) =>
        Kubectl.RunAsync(Path.Combine(folder, "config"), folder, args);

    private Task<V1Job> MergePatch(string name, string patch) =>
        client.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, "ml", cancellationToken: TestContext.Current.CancellationToken);

    [GeneratedRegex("^train-[01]-[a-z]{5}$")]
    private static partial Regex TrainPodName();

    [Fact]
    public async Task UnsuspendedJob_RunsThenCompletes()
    {
        server.AddJob(Job("train", suspend: false, parallelism: 2, nodes: "n1,n2", duration: "0.3s"));

        var job = server.GetJob("ml", "train");
        var running = server.PodsOf("ml", "train");
        Assert.Equal(["n1", "n2"], running.Select(p => p.Spec.NodeName));
        Assert.Equal(["Running", "Running"], running.Select(p => p.Status.Phase));
        Assert.All(running, p => Assert.Matches(TrainPodName(), p.Metadata.Name));
        Assert.Equal(["0", "1"], running.Select(p => p.Metadata.Labels["batch.kubernetes.io/job-completion-index"]));
        Assert.All(running, p =>
        {
            Assert.Equal("ml", p.Metadata.NamespaceProperty);
            Assert.Equal("train", p.Metadata.Labels["batch.kubernetes.io/job-name"]);
            Assert.Equal("train", p.Metadata.Labels["job-name"]);
            Assert.Equal("trainer", p.Metadata.Labels["app"]);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal("batch/v1", owner.ApiVersion);
            Assert.Equal("Job", owner.Kind);
            Assert.Equal("train", owner.Name);
            Assert.Equal(job.Metadata.Uid, owner.Uid);
            Assert.True(owner.Controller);
            Assert.Equal("trainer:1.0", Assert.Single(p.Spec.Containers).Image);
            Assert.NotNull(p.Status.StartTime);
        });
        Assert.Equal(2, job.Status.Active);
        Assert.NotNull(job.Status.StartTime);
        Assert.Null(job.Status.Succeeded);

        Assert.True(await WaitFor(() => server.GetJob("ml", "train").Status.Succeeded is not null));

        job = server.GetJob("ml", "train");
        Assert.Equal(2, job.Status.Succeeded);
        Assert.Null(job.Status.Active);
        var complete = Assert.Single(job.Status.Conditions);
        Assert.Equal("Complete", complete.Type);
        Assert.Equal("True", complete.Status);
        Assert.InRange((job.Status.CompletionTime!.Value - job.Status.StartTime!.Value).TotalSeconds, 0.29, 10);
        var finished = server.PodsOf("ml", "train");
        Assert.Equal(running.Select(p => p.Metadata.Name), finished.Select(p => p.Metadata.Name));
        Assert.Equal(["Succeeded", "Succeeded"], finished.Select(p => p.Status.Phase));

        // Pods are served through the namespaced list with a label selector as well.
        var listed = await client.CoreV1.ListNamespacedPodAsync("ml", labelSelector: "batch.kubernetes.io/job-name=train", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(finished.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal), listed.Items.Select(p => p.Metadata.Name));
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync("other", cancellationToken: TestContext.Current.CancellationToken)).Items);
    }

    [Fact]
    public async Task SuspendedJob_HasNoPods()
    {
        server.AddJob(Job("held", suspend: true, parallelism: 2));

        // A Job added later gets pods, so the controller has handled the suspended one by then.
        server.AddJob(Job("later", suspend: false));
        Assert.True(await WaitFor(() => server.PodsOf("ml", "later").Count == 1));

        Assert.Empty(server.PodsOf("ml", "held"));
        Assert.Null(server.GetJob("ml", "held").Status);
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["later"], pods.Items.Select(p => p.Metadata.Labels["job-name"]));
    }

    [Fact]
    public async Task PodNodes_AnnotationAffinityOrFirstNode()
    {
        server.AddJob(Job("pinned", suspend: false, parallelism: 3, affinity: ["n3", "n2"]));
        server.AddJob(Job("free", suspend: false, parallelism: 2));
        server.AddJob(Job("repeated", suspend: false, parallelism: 3, nodes: "n3,n3,n1"));

        Assert.True(await WaitFor(() => server.PodsOf("ml", "repeated").Count == 3));
        Assert.Equal(["n3", "n2", "n3"], server.PodsOf("ml", "pinned").Select(p => p.Spec.NodeName));
        Assert.Equal(["n1", "n1"], server.PodsOf("ml", "free").Select(p => p.Spec.NodeName));
        Assert.Equal(["n3", "n3", "n1"], server.PodsOf("ml", "repeated").Select(p => p.Spec.NodeName));
    }

    [Fact]
    public async Task SuspendThenResume_ReplacesPods()
    {
        server.AddJob(Job("train", suspend: false, parallelism: 2, nodes: "n1,n2"));
        var first = server.PodsOf("ml", "train");
        Assert.Equal(2, first.Count);

        await MergePatch("train", """{"spec":{"suspend":true}}""");

        Assert.True(await WaitFor(() => server.PodsOf("ml", "train").Count == 0));
        var job = server.GetJob("ml", "train");
        Assert.Null(job.Status.Active);
        var suspended = Assert.Single(job.Status.Conditions);
        Assert.Equal("Suspended", suspended.Type);
        Assert.Equal("True", suspended.Status);

        await MergePatch("train", """{"spec":{"suspend":false}}""");

        Assert.True(await WaitFor(() => server.PodsOf("ml", "train").Count == 2));
        var second = server.PodsOf("ml", "train");
        Assert.Empty(second.Select(p => p.Metadata.Name).Intersect(first.Select(p => p.Metadata.Name)));
        Assert.Equal(["n1", "n2"], second.Select(p => p.Spec.NodeName));
        job = server.GetJob("ml", "train");
        Assert.Equal(2, job.Status.Active);
        var resumed = Assert.Single(job.Status.Conditions);
        Assert.Equal("Suspended", resumed.Type);
        Assert.Equal("False", resumed.Status);
    }

    [Fact]
    public async Task SuspendedEarly_NeverCompletes()
    {
        server.AddJob(Job("short", suspend: false, nodes: "n1", duration: "0.3s"));
        await MergePatch("short", """{"spec":{"suspend":true}}""");

        // A second Job with the same duration, added after the suspension, completes later than the first Job's
        // cancelled timer would have fired.
        server.AddJob(Job("marker", suspend: false, nodes: "n1", duration: "0.3s"));
        Assert.True(await WaitFor(() => server.GetJob("ml", "marker").Status.Succeeded == 1));

        var job = server.GetJob("ml", "short");
        Assert.Null(job.Status.Succeeded);
        Assert.Null(job.Status.CompletionTime);
        Assert.Equal(["Suspended"], job.Status.Conditions.Select(c => c.Type));
        Assert.Empty(server.PodsOf("ml", "short"));
    }

    [Fact]
    public async Task DeletingJob_DeletesItsPods()
    {
        server.AddJob(Job("train", suspend: false, parallelism: 2, nodes: "n1,n2"));
        Assert.Equal(2, server.PodsOf("ml", "train").Count);

        await client.BatchV1.DeleteNamespacedJobAsync("train", "ml", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(await WaitFor(() => server.PodsOf("ml", "train").Count == 0));
        Assert.Null(server.FindJob("ml", "train"));
    }

    [Fact]
    public async Task ControllerOff_LeavesJobsAlone()
    {
        server.RunsJobs = false;

        server.AddJob(Job("train", suspend: false, parallelism: 2, nodes: "n1,n2"));

        Assert.Empty(server.PodsOf("ml", "train"));
        Assert.Null(server.GetJob("ml", "train").Status);
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(pods.Items);
    }

    [Fact]
    public async Task NamespacedJobList_HonoursLabelSelector()
    {
        server.AddJob(Job("vision", suspend: true));
        var other = Job("speech", suspend: true);
        other.Metadata.Labels["team"] = "speech";
        server.AddJob(other);

        var vision = await client.BatchV1.ListNamespacedJobAsync("ml", labelSelector: "team=vision", cancellationToken: TestContext.Current.CancellationToken);
        var notVision = await client.BatchV1.ListNamespacedJobAsync("ml", labelSelector: "team!=vision", cancellationToken: TestContext.Current.CancellationToken);
        var both = await client.BatchV1.ListNamespacedJobAsync("ml", labelSelector: "team in (speech, vision)", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["vision"], vision.Items.Select(j => j.Metadata.Name));
        Assert.Equal(["speech"], notVision.Items.Select(j => j.Metadata.Name));
        Assert.Equal(["speech", "vision"], both.Items.Select(j => j.Metadata.Name));
    }

    [Fact]
    public async Task JobWatch_SeesChanges_GoneAfterCompact()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var list = await client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: cancellationToken);
        var events = Channel.CreateUnbounded<(WatchEventType Type, V1Job Job)>();
        var errors = new List<Exception>();
        var reading = Task.Run(async () =>
        {
            await foreach (var change in client.BatchV1.WatchListJobForAllNamespacesAsync(resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: cancellationToken))
            {
                events.Writer.TryWrite(change);
            }
        }, cancellationToken);
        Assert.True(await WaitFor(() => server.Requests.Any(r => r.StartsWith("GET /apis/batch/v1/jobs?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal))));

        server.AddJob(Job("watched", suspend: false, nodes: "n1"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var added = await events.Reader.ReadAsync(timeout.Token);
        var modified = await events.Reader.ReadAsync(timeout.Token);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("watched", added.Job.Metadata.Name);
        Assert.Null(added.Job.Status);
        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Equal("watched", modified.Job.Metadata.Name);
        Assert.Equal(1, modified.Job.Status.Active);

        // Compacting ends the open watch, and a new watch from the old resource version gets 410 Gone.
        server.Compact();
        await reading.WaitAsync(timeout.Token);
        Assert.Empty(errors);

        var watchErrors = new List<Exception>();
        Exception? thrown = null;
        try
        {
            await foreach (var change in client.BatchV1.WatchListJobForAllNamespacesAsync(resourceVersion: list.Metadata.ResourceVersion, onError: watchErrors.Add, cancellationToken: timeout.Token))
            {
                Assert.Fail($"Unexpected {change.Item1} event after compaction");
            }
        }
        catch (HttpOperationException e)
        {
            thrown = e;
        }

        var failure = Assert.IsType<HttpOperationException>(thrown ?? Assert.Single(watchErrors));
        Assert.Equal(HttpStatusCode.Gone, failure.Response.StatusCode);
    }

    [Fact]
    public async Task KubectlPatch_AllTypes_StoreAnnotations()
    {
        server.AddJob(Job("train", suspend: true));

        var strategic = await RunKubectl("patch", "job", "train", "-n", "ml", "-p", """{"metadata":{"annotations":{"a":"b"}}}""");
        var merge = await RunKubectl("patch", "job", "train", "-n", "ml", "--type", "merge", "-p", """{"metadata":{"annotations":{"c":"d"}}}""");
        var json = await RunKubectl("patch", "job", "train", "-n", "ml", "--type", "json", "-p", """[{"op":"remove","path":"/metadata/annotations/a"},{"op":"add","path":"/metadata/annotations/e","value":"f"}]""");

        Assert.True(strategic.ExitCode == 0, strategic.Stderr);
        Assert.True(merge.ExitCode == 0, merge.Stderr);
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal("job.batch/train patched\n", strategic.Stdout);
        Assert.Equal(["application/strategic-merge-patch+json", "application/merge-patch+json", "application/json-patch+json"], server.PatchContentTypes);
        Assert.Equal(new Dictionary<string, string> { ["c"] = "d", ["e"] = "f" }, server.GetJob("ml", "train").Metadata.Annotations);
        Assert.True(server.GetJob("ml", "train").Spec.Suspend);
    }

    [Fact]
    public async Task Kubectl_PatchUnsuspend_StartsPods()
    {
        server.AddJob(Job("train", suspend: true, parallelism: 2, nodes: "n2,n3"));

        var patch = await RunKubectl("patch", "job", "train", "-n", "ml", "-p", """{"spec":{"suspend":false}}""");

        Assert.True(patch.ExitCode == 0, patch.Stderr);
        Assert.True(await WaitFor(() => server.PodsOf("ml", "train").Count == 2));
        Assert.Equal(["n2", "n3"], server.PodsOf("ml", "train").Select(p => p.Spec.NodeName));
    }

    [Fact]
    public async Task MergePatch_StaleVersion_Conflicts()
    {
        server.AddJob(Job("train", suspend: true));
        var stale = server.GetJob("ml", "train").Metadata.ResourceVersion;
        await MergePatch("train", """{"metadata":{"annotations":{"a":"b"}}}""");

        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => MergePatch("train", new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = stale, ["annotations"] = new JsonObject { ["a"] = "c" } } }.ToJsonString()));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("b", server.GetJob("ml", "train").Metadata.Annotations["a"]);
    }

    [Theory]
    [InlineData(V1Patch.PatchType.MergePatch, """{"spec":{"suspend":"yes"}}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData(V1Patch.PatchType.JsonPatch, """[{"op":"test","path":"/spec/suspend","value":false},{"op":"replace","path":"/spec/suspend","value":false}]""", HttpStatusCode.UnprocessableEntity)]
    [InlineData(V1Patch.PatchType.JsonPatch, """[{"op":"remove","path":"/metadata/annotations/missing"}]""", HttpStatusCode.UnprocessableEntity)]
    [InlineData(V1Patch.PatchType.ApplyPatch, """{"spec":{"suspend":false}}""", HttpStatusCode.UnsupportedMediaType)]
    public async Task Patch_Invalid_RejectedUnchanged(V1Patch.PatchType type, string patch, HttpStatusCode expected)
    {
        server.AddJob(Job("train", suspend: true));
        var version = server.GetJob("ml", "train").Metadata.ResourceVersion;

        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => client.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch, type), "train", "ml", fieldManager: "test", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(expected, error.Response.StatusCode);
        Assert.Equal(version, server.GetJob("ml", "train").Metadata.ResourceVersion);
        Assert.Empty(server.PodsOf("ml", "train"));
    }

    [Fact]
    public async Task KubectlWatch_PrintsNewJob()
    {
        server.AddJob(Job("first", suspend: true));
        using var kubectl = Kubectl.Start(Path.Combine(folder, "config"), folder, "get", "jobs", "-n", "ml", "--watch", "-o", "name");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            Assert.Equal("job.batch/first", await kubectl.StandardOutput.ReadLineAsync(timeout.Token));

            server.AddJob(Job("second", suspend: true));

            Assert.Equal("job.batch/second", await kubectl.StandardOutput.ReadLineAsync(timeout.Token));
        }
        finally
        {
            kubectl.Kill();
        }

        Assert.Contains(server.Requests, r => r.StartsWith("GET /apis/batch/v1/namespaces/ml/jobs?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal));
    }
}
