namespace ClusterSim.Cli.Tests;

public class InventoryCommandTests
{
    [Fact]
    public void MissingKubeconfig_NamesPath()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.Sub("absent-config");

        var (exitCode, stdout, stderr) = CliRunner.Run("inventory", "--kubeconfig", path);

        Assert.Equal(ExitCodes.ClusterError, exitCode);
        Assert.Empty(stdout);
        Assert.Equal($"error: {path}: kubeconfig file not found; check the path given to --kubeconfig.", stderr.Trim());
    }

    [Fact]
    public void UnreachableServer_SaysCannotReach()
    {
        using var folder = CliRunner.NewFolder();

        // A port that was free a moment ago, so nothing listens on it.
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var path = folder.File("config", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: http://127.0.0.1:{port}
            users:
            - name: test
              user:
                token: test
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            """);

        var (exitCode, _, stderr) = CliRunner.Run("inventory", "--kubeconfig", path);

        Assert.Equal(ExitCodes.ClusterError, exitCode);
        Assert.StartsWith("error: Cannot reach the API server", stderr.Trim(), StringComparison.Ordinal);
    }
}
