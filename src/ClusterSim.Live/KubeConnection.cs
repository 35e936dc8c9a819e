using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace ClusterSim.Live;

/// <summary>Raised when live mode cannot reach or read the cluster; the message names the fix.</summary>
public sealed class LiveModeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Opens a Kubernetes client from a kubeconfig file, or from the pod's service account.</summary>
public static class KubeConnection
{
    /// <summary>
    /// Builds a client from <paramref name="kubeconfig"/> and <paramref name="context"/>. Without
    /// a kubeconfig, looks where kubectl does: the first existing file in the KUBECONFIG variable,
    /// then ~/.kube/config, then the service account of the pod it runs in.
    /// </summary>
    public static Kubernetes Open(string? kubeconfig, string? context)
    {
        var path = kubeconfig ?? DefaultKubeconfig();
        if (path is null)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new LiveModeException("No kubeconfig found: give --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run inside a pod with a service account.");
            }

            return new Kubernetes(KubernetesClientConfiguration.InClusterConfig());
        }

        if (!File.Exists(path))
        {
            throw new LiveModeException(kubeconfig is null
                ? $"{path}: kubeconfig file not found; check the KUBECONFIG variable or give --kubeconfig."
                : $"{path}: kubeconfig file not found; check the path given to --kubeconfig.");
        }

        if (IsEmpty(path))
        {
            throw new LiveModeException($"{path}: the kubeconfig is empty; write clusters, users and contexts into it, e.g. with `kubectl config set-cluster`.");
        }

        K8SConfiguration? file;
        try
        {
            file = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException
            or ArgumentException or InvalidCastException or FormatException or NullReferenceException)
        {
            // The client reports content that is not a kubeconfig with a variety of exceptions.
            throw new LiveModeException($"{path}: not a valid kubeconfig ({Reason(e)}). Check the file with `kubectl config view --kubeconfig {path}`.", e);
        }

        if (file is null || (file.Contexts is null && file.Clusters is null))
        {
            throw new LiveModeException($"{path}: the kubeconfig is empty; write clusters, users and contexts into it, e.g. with `kubectl config set-cluster`.");
        }

        var contexts = file.Contexts?.Select(c => c.Name).ToList() ?? [];
        var chosen = context ?? file.CurrentContext;
        if (string.IsNullOrEmpty(chosen))
        {
            throw new LiveModeException($"{path}: no current context is set; give --context NAME (contexts in the file: {List(contexts)}).");
        }

        if (!contexts.Contains(chosen, StringComparer.Ordinal))
        {
            var source = context is null ? "current context" : "context";
            throw new LiveModeException($"{path}: {source} '{chosen}' is not in the file; give --context with one of: {List(contexts)}.");
        }

        try
        {
            return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigObject(file, chosen));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or UriFormatException)
        {
            throw new LiveModeException($"{path}: cannot use context '{chosen}' ({Reason(e)}). Check it with `kubectl config view --kubeconfig {path} --context {chosen}`.", e);
        }
    }

    private static string? DefaultKubeconfig()
    {
        // Like kubectl, entries of KUBECONFIG that do not exist are skipped. Unlike kubectl, only
        // the first existing file is read: several files are not merged.
        if (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable)
        {
            var entries = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return entries.FirstOrDefault(File.Exists) ?? entries.FirstOrDefault();
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = Path.Combine(home, ".kube", "config");
        return home.Length > 0 && File.Exists(path) ? path : null;
    }

    private static bool IsEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace("---", string.Empty, StringComparison.Ordinal).Trim().Length == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveModeException($"{path}: cannot read the kubeconfig ({e.Message.TrimEnd('.')}); check its permissions.", e);
        }
    }

    private static string Reason(Exception e)
    {
        if (e is NullReferenceException or InvalidCastException || e.InnerException is NullReferenceException or InvalidCastException)
        {
            return "no clusters, users or contexts could be read from it";
        }

        // The client wraps YAML errors, and the inner message gives the line where the file went wrong.
        var inner = e.InnerException?.Message ?? e.Message;
        return inner.TrimEnd('.');
    }

    private static string List(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
