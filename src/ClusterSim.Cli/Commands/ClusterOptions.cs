using System.CommandLine;
using ClusterSim.Live;

namespace ClusterSim.Cli.Commands;

/// <summary>Options that name the Kubernetes cluster, shared by inventory, live and submit.</summary>
internal static class ClusterOptions
{
    public static readonly Option<string?> Kubeconfig = new("--kubeconfig")
    {
        Description = "Kubeconfig file of the cluster; without it, the first existing file in KUBECONFIG, then ~/.kube/config, then the pod's service account.",
    };

    public static readonly Option<string?> Context = new("--context")
    {
        Description = "Kubeconfig context to use instead of the current one.",
    };

    public static readonly Option<string> GpuModelLabel = new("--gpu-model-label")
    {
        Description = "Node label that names the GPU model.",
        DefaultValueFactory = _ => ClusterInventory.DefaultGpuModelLabel,
    };
}
