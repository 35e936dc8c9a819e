using System.CommandLine;
using ClusterSim.Live;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim inventory</c>: lists the GPU nodes of a Kubernetes cluster by live mode's rules,
/// with the GPUs already requested on each, and the nodes it leaves out.
/// </summary>
public static class InventoryCommand
{
    public static Command Create()
    {
        var command = new Command("inventory", "List the GPU nodes of a Kubernetes cluster, their free GPUs, and the nodes left out.")
        {
            ClusterOptions.Kubeconfig, ClusterOptions.Context, ClusterOptions.GpuModelLabel,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, _, _) => Run(parse, stdout)));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter stdout)
    {
        using var client = KubeConnection.Open(parse.GetValue(ClusterOptions.Kubeconfig), parse.GetValue(ClusterOptions.Context));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var inventory = InventoryReader.ReadAsync(client, parse.GetValue(ClusterOptions.GpuModelLabel)!, timeout.Token).GetAwaiter().GetResult();
        stdout.WriteLine($"{"node",-32} {"gpu model",-28} {"gpus",5} {"in use",6} {"free",5}");
        foreach (var node in inventory.Nodes)
        {
            stdout.WriteLine($"{node.Spec.Name,-32} {node.Spec.GpuModel,-28} {node.Spec.GpuCount,5} {node.GpusInUse,6} {node.GpusFree,5}");
        }

        foreach (var node in inventory.Excluded)
        {
            stdout.WriteLine($"{node.Name,-32} left out: {node.Reason}");
        }

        stdout.WriteLine($"{inventory.Nodes.Count} node(s), {inventory.Nodes.Sum(n => n.Spec.GpuCount)} GPUs, {inventory.Nodes.Sum(n => n.GpusFree)} free; {inventory.Excluded.Count} left out");
        return ExitCodes.Success;
    }
}
