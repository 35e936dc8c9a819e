namespace ClusterSim.Policies;

/// <summary>Why a node can or cannot host a pod, in the order the checks run.</summary>
public enum FilterOutcome
{
    Fits,
    Unschedulable,
    InsufficientCpu,
    InsufficientMemory,
    TooManyPods,
    NoGpu,
    GpuModelMismatch,
    InsufficientGpu,
}
