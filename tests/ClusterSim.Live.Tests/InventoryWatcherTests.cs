using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Live.Tests;

public sealed class InventoryWatcherTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-watch-").FullName;
    private TestApiServer server = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        server.AddNode(Node("gpu-a"));
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    private static V1Node Node(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("8") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };

    /// <summary>Waits up to 10 s until both resources are listed and the inventory contains exactly <paramref name="names"/>.</summary>
    private static async Task<bool> WaitForNodes(InventoryWatcher watcher, params string[] names)
    {
        for (var i = 0; i < 200; i++)
        {
            if (watcher.Relists >= 2 && watcher.Current.Nodes.Select(n => n.Spec.Name).SequenceEqual(names))
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private (InventoryWatcher Watcher, Task Run, CancellationTokenSource Stop) Start()
    {
        var client = KubeConnection.Open(server.WriteKubeconfig(Path.Combine(folder, "config")), null);
        var watcher = new InventoryWatcher(client, ClusterInventory.DefaultGpuModelLabel, NullLogger.Instance);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        return (watcher, watcher.RunAsync(stop.Token), stop);
    }

    [Fact]
    public async Task Watch_SeesAddAndDelete()
    {
        var (watcher, run, stop) = Start();
        Assert.True(await WaitForNodes(watcher, "gpu-a"));

        server.AddNode(Node("gpu-b"));
        Assert.True(await WaitForNodes(watcher, "gpu-a", "gpu-b"));
        server.DeleteNode("gpu-a");
        Assert.True(await WaitForNodes(watcher, "gpu-b"));

        await stop.CancelAsync();
        await run;
        Assert.Equal(2, watcher.Relists);
    }

    [Fact]
    public async Task DroppedWatch_ResumesWithoutRelist()
    {
        var (watcher, run, stop) = Start();
        Assert.True(await WaitForNodes(watcher, "gpu-a"));

        server.DropWatches();
        server.AddNode(Node("gpu-b"));

        Assert.True(await WaitForNodes(watcher, "gpu-a", "gpu-b"));
        await stop.CancelAsync();
        await run;

        // One list per resource: the dropped watches resumed from their last resource version.
        Assert.Equal(2, watcher.Relists);
        Assert.Contains(server.Requests, r => r.StartsWith("GET /api/v1/nodes?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal) && r.Contains("resourceVersion=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gone_ListsAgain()
    {
        var (watcher, run, stop) = Start();
        Assert.True(await WaitForNodes(watcher, "gpu-a"));

        // The watches miss the changes while the server fails, and their resource version is
        // compacted away before they come back.
        server.FailWith = 500;
        server.DropWatches();
        server.DeleteNode("gpu-a");
        server.AddNode(Node("gpu-c"));
        server.Compact();
        server.FailWith = null;

        Assert.True(await WaitForNodes(watcher, "gpu-c"));
        await stop.CancelAsync();
        await run;

        // Nodes were listed at the start and again after 410 Gone, then watched from the new list.
        Assert.Equal(2, server.Requests.Count(r => r == "GET /api/v1/nodes?watch=false"));
        Assert.Contains("GET /api/v1/nodes?resourceVersion=3&watch=true", server.Requests);
    }

    [Fact]
    public async Task ServerErrors_BackOffAndRecover()
    {
        server.FailWith = 500;
        var (watcher, run, stop) = Start();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(watcher.Current.Nodes);

        server.FailWith = null;

        Assert.True(await WaitForNodes(watcher, "gpu-a"));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Kubectl_Watch_SeesNewNode()
    {
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "config"));
        using var kubectl = Kubectl.Start(kubeconfig, folder, "get", "nodes", "--watch", "-o", "name");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            Assert.Equal("node/gpu-a", await kubectl.StandardOutput.ReadLineAsync(timeout.Token));

            server.AddNode(Node("gpu-b"));

            Assert.Equal("node/gpu-b", await kubectl.StandardOutput.ReadLineAsync(timeout.Token));
        }
        finally
        {
            kubectl.Kill();
        }

        Assert.Contains(server.Requests, r => r.StartsWith("GET /api/v1/nodes?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal));
    }
}
