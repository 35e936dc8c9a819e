using ClusterSim.Core;
using ClusterSim.Traces.Openb;

namespace ClusterSim.Benchmarks;

/// <summary>
/// The openb default trace the benchmarks replay, found through the CLUSTERSIM_TRACES
/// environment variable.
/// </summary>
public static class OpenbTrace
{
    public const string Variable = "CLUSTERSIM_TRACES";
    public const string NodeFile = "openb/openb_node_list_gpu_node.csv";
    public const string PodFile = "openb/openb_pod_list_default.csv";

    /// <summary>Returns why the trace cannot be found, or null when it is there.</summary>
    public static string? MissingReason()
    {
        var root = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(root))
        {
            return $"{Variable} is not set; set it to the folder holding openb/ to run the openb benchmarks.";
        }

        foreach (var file in new[] { NodeFile, PodFile })
        {
            if (!File.Exists(Path.Combine(root, file)))
            {
                return $"{Path.Combine(root, file)} not found; set {Variable} to a folder that contains {file}.";
            }
        }

        return null;
    }

    public static (IReadOnlyList<NodeSpec> Nodes, IReadOnlyList<PodSpec> Pods) Load()
    {
        var root = Environment.GetEnvironmentVariable(Variable)!;
        return (OpenbNodeReader.ReadFile(Path.Combine(root, NodeFile)), OpenbPodReader.ReadFile(Path.Combine(root, PodFile)));
    }
}
