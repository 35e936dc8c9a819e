using System.Diagnostics;

namespace ClusterSim.Live.Tests;

/// <summary>Runs the real kubectl against a kubeconfig, with HOME in a test folder so no user cache is read or written.</summary>
internal static class Kubectl
{
    public static Process Start(string kubeconfig, string home, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        return Process.Start(start)!;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string kubeconfig, string home, params string[] args)
    {
        using var kubectl = Start(kubeconfig, home, args);
        var cancellationToken = TestContext.Current.CancellationToken;
        var stdout = await kubectl.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = await kubectl.StandardError.ReadToEndAsync(cancellationToken);
        await kubectl.WaitForExitAsync(cancellationToken);
        return (kubectl.ExitCode, stdout, stderr);
    }
}
