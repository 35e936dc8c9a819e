using k8s.Models;

namespace ClusterSim.Live.Tests;

public sealed class InventoryReaderTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("clustersim-live-").FullName;
    private TestApiServer server = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        server.AddNode(Node("gpu-b", 8, cordoned: true));
        server.AddNode(Node("gpu-a", 8));
        server.AddPod(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "train-0", NamespaceProperty = "ml" },
            Spec = new V1PodSpec
            {
                NodeName = "gpu-a",
                Containers = [new V1Container
                {
                    Name = "main",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("3") } },
                }],
            },
            Status = new V1PodStatus { Phase = "Running" },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, true);
    }

    private static V1Node Node(string name, int gpus, bool cordoned = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "H100" } },
        Spec = new V1NodeSpec { Unschedulable = cordoned },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("96"), ["memory"] = new("512Gi"), ["nvidia.com/gpu"] = new($"{gpus}") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };

    [Fact]
    public async Task Read_OverHttp_BuildsInventory()
    {
        using var client = KubeConnection.Open(server.WriteKubeconfig(Path.Combine(folder, "config")), null);

        var inventory = await InventoryReader.ReadAsync(client, ClusterInventory.DefaultGpuModelLabel, TestContext.Current.CancellationToken);

        var node = Assert.Single(inventory.Nodes);
        Assert.Equal(new Core.NodeSpec("gpu-a", 96_000, 524_288, 8, "H100"), node.Spec);
        Assert.Equal(5, node.GpusFree);
        Assert.Equal([new ExcludedNode("gpu-b", "cordoned")], inventory.Excluded);
        Assert.Contains("GET /api/v1/nodes?watch=false", server.Requests);
        Assert.Contains("GET /api/v1/pods?watch=false", server.Requests);
    }

    [Fact]
    public async Task Read_Forbidden_NamesPermission()
    {
        using var client = KubeConnection.Open(server.WriteKubeconfig(Path.Combine(folder, "config")), null);
        server.FailWith = 403;

        var error = await Assert.ThrowsAsync<LiveModeException>(() => InventoryReader.ReadAsync(client, ClusterInventory.DefaultGpuModelLabel, TestContext.Current.CancellationToken));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("grant the account get, list and watch on nodes and pods", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ServerGone_SaysUnreachable()
    {
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "config"));
        await server.DisposeAsync();
        using var client = KubeConnection.Open(kubeconfig, null);

        var error = await Assert.ThrowsAsync<LiveModeException>(() => InventoryReader.ReadAsync(client, ClusterInventory.DefaultGpuModelLabel, TestContext.Current.CancellationToken));

        Assert.StartsWith("Cannot reach the API server", error.Message, StringComparison.Ordinal);
        server = await TestApiServer.StartAsync();
    }

    [Fact]
    public void Open_MissingFile_NamesPath()
    {
        var path = Path.Combine(folder, "absent");

        var error = Assert.Throws<LiveModeException>(() => KubeConnection.Open(path, null));

        Assert.Equal($"{path}: kubeconfig file not found; check the path given to --kubeconfig.", error.Message);
    }

    [Fact]
    public void Open_UnknownContext_NamesContext()
    {
        var path = server.WriteKubeconfig(Path.Combine(folder, "config"));

        var error = Assert.Throws<LiveModeException>(() => KubeConnection.Open(path, "staging"));

        Assert.Equal($"{path}: context 'staging' is not in the file; give --context with one of: test.", error.Message);
    }

    [Fact]
    public void Open_Garbage_NamesFile()
    {
        var path = Path.Combine(folder, "garbage");
        File.WriteAllText(path, "clusters: [unclosed");

        var error = Assert.Throws<LiveModeException>(() => KubeConnection.Open(path, null));

        Assert.StartsWith($"{path}: not a valid kubeconfig (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"). Check the file with `kubectl config view --kubeconfig {path}`.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\n")]
    public void Open_EmptyKubeconfig_IsRejected(string text)
    {
        var path = Path.Combine(folder, "empty");
        File.WriteAllText(path, text);

        var error = Assert.Throws<LiveModeException>(() => KubeConnection.Open(path, null));

        Assert.Equal($"{path}: the kubeconfig is empty; write clusters, users and contexts into it, e.g. with `kubectl config set-cluster`.", error.Message);
    }

    [Fact]
    public void Open_RandomBytes_NamesFile()
    {
        var path = Path.Combine(folder, "random");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 256).Select(i => (byte)((i * 73) % 256))]);

        var error = Assert.Throws<LiveModeException>(() => KubeConnection.Open(path, null));

        Assert.Equal($"{path}: not a valid kubeconfig (no clusters, users or contexts could be read from it). Check the file with `kubectl config view --kubeconfig {path}`.", error.Message);
    }

    [Fact]
    public async Task Kubectl_GetNodes_ListsBoth()
    {
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "config"));

        var (exitCode, stdout, stderr) = await Kubectl.RunAsync(kubeconfig, folder, "get", "nodes", "-o", "name");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["node/gpu-a", "node/gpu-b"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
