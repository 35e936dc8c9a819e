using System.CommandLine;
using ClusterSim.Live;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim inventory</c>: lists the GPU nodes of a Kubernetes cluster by live mode's rules,
/// with the GPUs already requested on each, and the nodes it leaves out.
/// </summary>
public static class InventoryCommand
{
    private static readonly Option<string?> KubeconfigOption = new("--kubeconfig")
    {
        Description = "Kubeconfig file of the cluster; without it, the first existing file in KUBECONFIG, then ~/.kube/config, then the pod's service account.",
    };

    private static readonly Option<string?> ContextOption = new("--context")
    {
        Description = "Kubeconfig context to use instead of the current one.",
    };

    private static readonly Option<string> GpuModelLabelOption = new("--gpu-model-label")
    {
        Description = "Node label that names the GPU model.",
        DefaultValueFactory = _ => ClusterInventory.DefaultGpuModelLabel,
    };

    public static Command Create()
    {
        var command = new Command("inventory", "List the GPU nodes of a Kubernetes cluster, their free GPUs, and the nodes left out.")
        {
            KubeconfigOption, ContextOption, GpuModelLabelOption,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (stdout, _, _) => Run(parse, stdout)));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter stdout)
    {
        using var client = KubeConnection.Open(parse.GetValue(KubeconfigOption), parse.GetValue(ContextOption));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var inventory = InventoryReader.ReadAsync(client, parse.GetValue(GpuModelLabelOption)!, timeout.Token).GetAwaiter().GetResult();
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
