namespace ClusterSim.Core;

/// <summary>Constants shared by every GPU calculation.</summary>
public static class GpuDevice
{
    /// <summary>Capacity of one GPU device in milli (1000 milli is one whole GPU).</summary>
    public const int MilliCapacity = 1000;
}
