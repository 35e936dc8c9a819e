using k8s;
using k8s.Models;

namespace ClusterSim.Live.Tests;

/// <summary>Decisions written by one client are read back from the cluster by another, as after a restart.</summary>
public sealed class RestartStateTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-state-").FullName;
    private TestApiServer server = null!;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    private static V1Job Job(string ns, string name, bool managed = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = managed ? new Dictionary<string, string> { [JobActions.QueueLabel] = "training" } : new Dictionary<string, string>(),
        },
        Spec = new V1JobSpec
        {
            Suspend = true,
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "trainer:1.0" }] } },
        },
    };

    [Fact]
    public async Task Restart_RebuildsDecisionsFromCluster()
    {
        server.AddJob(Job("ml", "a"));
        server.AddJob(Job("ml", "b"));
        server.AddJob(Job("ml", "c"));
        server.AddJob(Job("ml", "d"));
        server.AddJob(Job("ml", "manual", managed: false));
        using (var first = KubeConnection.Open(server.WriteKubeconfig(Path.Combine(folder, "config")), null))
        {
            var actions = new JobActions(first, TimeSpan.FromMilliseconds(5));
            await actions.AdmitAsync(server.GetJob("ml", "a"), ["gpu-1", "gpu-2"], TestContext.Current.CancellationToken);
            await actions.HoldAsync(server.GetJob("ml", "b"), "quota exhausted", TestContext.Current.CancellationToken);
            await actions.AdmitAsync(server.GetJob("ml", "c"), ["gpu-3"], TestContext.Current.CancellationToken);
            await actions.PreemptAsync(server.GetJob("ml", "c"), "reclaimed", TestContext.Current.CancellationToken);
        }

        // A new client, as after a restart, reads back every decision and no unlabelled Job.
        using var second = KubeConnection.Open(Path.Combine(folder, "config"), null);
        var listed = await second.BatchV1.ListJobForAllNamespacesAsync(labelSelector: JobActions.QueueLabel, cancellationToken: TestContext.Current.CancellationToken);
        var state = listed.Items.Select(j => LiveJob.Read(j, ClusterInventory.DefaultGpuModelLabel))
            .Select(j => $"{j.Key} {j.State} {j.Decision ?? "none"} [{string.Join(',', j.AdmittedNodes)}] {LiveJob.Annotation(j.Job, JobActions.ReasonAnnotation) ?? "-"}");

        Assert.Equal(
        [
            "ml/a Running admitted [gpu-1,gpu-2] -",
            "ml/b Waiting held [] quota exhausted",
            "ml/c Waiting preempted [] reclaimed",
            "ml/d Waiting none [] -",
        ], state);
        Assert.Contains(server.Requests, r => r.StartsWith("GET /apis/batch/v1/jobs?labelSelector=clustersim.io", StringComparison.Ordinal));
    }
}
