namespace ClusterSim.Core;

/// <summary>
/// The kind of GPU request a pod makes, used to cluster alike pods: share pods form one kind,
/// and pods holding k whole GPUs form kind k.
/// </summary>
/// <param name="Value">0 for a share pod, k for a pod holding k whole GPUs.</param>
public readonly record struct GpuAffinityTag(int Value)
{
    /// <summary>Returns the tag of a GPU pod.</summary>
    public static GpuAffinityTag Of(PodSpec pod) => new(pod.IsShare ? 0 : pod.GpuCount);

    public override string ToString() => Value == 0 ? "share-gpu" : $"{Value}-gpu";
}
