using k8s.Models;

namespace ClusterSim.Live.Tests;

public sealed class ManagedJobsTests : IAsyncLifetime
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
        var state = await ManagedJobs.ListAsync(second, TestContext.Current.CancellationToken);

        Assert.Equal(
        [
            new ManagedJob("ml", "a", "training", JobDecision.Admitted, ["gpu-1", "gpu-2"], null, false),
            new ManagedJob("ml", "b", "training", JobDecision.Held, [], "quota exhausted", true),
            new ManagedJob("ml", "c", "training", JobDecision.Preempted, [], "reclaimed", true),
            new ManagedJob("ml", "d", "training", JobDecision.Pending, [], null, true),
        ], state, new ManagedJobComparer());
        Assert.Contains(server.Requests, r => r.StartsWith("GET /apis/batch/v1/jobs?labelSelector=clustersim.io", StringComparison.Ordinal));
    }

    /// <summary>Compares managed Jobs by value, including their node lists.</summary>
    private sealed class ManagedJobComparer : IEqualityComparer<ManagedJob>
    {
        public bool Equals(ManagedJob? x, ManagedJob? y) =>
            x is not null && y is not null && x with { Nodes = [] } == y with { Nodes = [] } && x.Nodes.SequenceEqual(y.Nodes);

        public int GetHashCode(ManagedJob obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
