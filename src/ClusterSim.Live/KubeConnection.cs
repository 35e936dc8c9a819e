using k8s;
using k8s.Exceptions;

namespace ClusterSim.Live;

/// <summary>Raised when live mode cannot reach or read the cluster; the message names the fix.</summary>
public sealed class LiveModeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Opens a Kubernetes client from a kubeconfig file, or from the pod's service account.</summary>
public static class KubeConnection
{
    /// <summary>
    /// Builds a client from <paramref name="kubeconfig"/> and <paramref name="context"/>. Without
    /// a kubeconfig, uses the in-cluster service account when running in a pod.
    /// </summary>
    public static Kubernetes Open(string? kubeconfig, string? context)
    {
        if (kubeconfig is null)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new LiveModeException("Missing --kubeconfig: give the kubeconfig file of the cluster, or run inside a pod with a service account.");
            }

            return new Kubernetes(KubernetesClientConfiguration.InClusterConfig());
        }

        if (!File.Exists(kubeconfig))
        {
            throw new LiveModeException($"{kubeconfig}: kubeconfig file not found; check the path given to --kubeconfig.");
        }

        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
            return new Kubernetes(config);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            var contextName = context is null ? "its current context" : $"context '{context}'";
            throw new LiveModeException($"{kubeconfig}: cannot read the kubeconfig with {contextName}: {e.Message} Check the file with `kubectl config view --kubeconfig {kubeconfig}`.", e);
        }
    }
}
