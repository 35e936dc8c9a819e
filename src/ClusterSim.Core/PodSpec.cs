namespace ClusterSim.Core;

/// <summary>
/// A pod's resource request: CPU and memory, plus <see cref="GpuCount"/> GPUs of
/// <see cref="GpuMilli"/> milli each. A share pod requests one GPU with less than 1000 milli.
/// </summary>
/// <param name="Name">Pod name.</param>
/// <param name="CpuMilli">CPU request in millicores.</param>
/// <param name="MemoryMib">Memory request in MiB.</param>
/// <param name="GpuCount">Number of GPU devices requested; 0 for a CPU-only pod.</param>
/// <param name="GpuMilli">Milli requested on each of the GPU devices, 0 to 1000.</param>
/// <param name="GpuModels">Allowed GPU models joined by '|'; empty when any model is allowed.</param>
public sealed record PodSpec(string Name, long CpuMilli, long MemoryMib, int GpuCount, int GpuMilli, string GpuModels)
{
    // Derived from GpuModels on first use and tagged with its source, because a copy made with
    // 'with' keeps this field while GpuModels may change.
    private ModelList? allowedModels;

    /// <summary>GPU milli over all requested devices.</summary>
    public long TotalGpuMilli => (long)GpuMilli * GpuCount;

    /// <summary>True when the pod needs GPU capacity on the node it lands on.</summary>
    public bool NeedsGpu => GpuMilli > 0 && GpuCount > 0;

    /// <summary>True for a pod asking for part of one GPU.</summary>
    public bool IsShare => GpuCount == 1 && GpuMilli > 0 && GpuMilli < GpuDevice.MilliCapacity;

    /// <summary>The shape that identifies pods with identical requests for placement and fragmentation.</summary>
    public PodShape Shape => new(CpuMilli, GpuMilli, GpuCount, GpuModels);

    /// <summary>Pod class as the openb study names it (PureCpu, ShareGpu, OneGpu, ...).</summary>
    public string PodClass => GpuCount switch
    {
        0 => "PureCpu",
        1 when GpuMilli < GpuDevice.MilliCapacity => "ShareGpu",
        1 => "OneGpu",
        _ => $"{GpuCount}Gpu",
    };

    /// <summary>Compares the requests, not the parsed model list, which is derived from them.</summary>
    public bool Equals(PodSpec? other) =>
        other is not null && Name == other.Name && CpuMilli == other.CpuMilli && MemoryMib == other.MemoryMib
        && GpuCount == other.GpuCount && GpuMilli == other.GpuMilli && GpuModels == other.GpuModels;

    public override int GetHashCode() => HashCode.Combine(Name, CpuMilli, MemoryMib, GpuCount, GpuMilli, GpuModels);

    /// <summary>Returns true when the pod may run on a node of <paramref name="nodeModel"/>.</summary>
    public bool AcceptsModel(string nodeModel) => GpuModelConstraint.Accepts(GpuModels, AllowedModels(), nodeModel);

    private string[] AllowedModels()
    {
        var list = allowedModels;
        if (list is null || !ReferenceEquals(list.Source, GpuModels))
        {
            // Runs may share pod specs across threads; publishing one immutable object is safe.
            list = new ModelList(GpuModels, GpuModelConstraint.Split(GpuModels));
            allowedModels = list;
        }

        return list.Models;
    }
}
