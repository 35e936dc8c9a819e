namespace ClusterSim.Core;

/// <summary>
/// The mutable state of one node during a run: what is left of its CPU, memory, pod slots and
/// each GPU device, and which GPU pod kinds it holds.
/// </summary>
/// <remarks>
/// <see cref="Version"/> grows on every change, so callers can cache values derived from the
/// state (scores, fragmentation) and know when they are stale. Not thread-safe: one run owns
/// its nodes.
/// </remarks>
public sealed class NodeState
{
    private readonly int[] gpuLeft;
    private readonly int[] affinityCounts;

    public NodeState(int index, NodeSpec spec, int maxPods)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spec.GpuCount);
        Index = index;
        Spec = spec;
        MaxPods = maxPods;
        CpuLeft = spec.CpuMilli;
        MemoryLeft = spec.MemoryMib;
        gpuLeft = new int[spec.GpuCount];
        Array.Fill(gpuLeft, GpuDevice.MilliCapacity);
        GpuLeftTotal = (long)spec.GpuCount * GpuDevice.MilliCapacity;
        FullyFreeGpus = spec.GpuCount;

        // Slot 0 counts share pods, slot k counts pods holding k whole GPUs.
        affinityCounts = new int[spec.GpuCount + 1];
    }

    /// <summary>Position of the node in its cluster.</summary>
    public int Index { get; }

    public NodeSpec Spec { get; }

    public string Name => Spec.Name;

    public string GpuModel => Spec.GpuModel;

    public int GpuCount => Spec.GpuCount;

    /// <summary>Maximum number of pods on the node.</summary>
    public int MaxPods { get; }

    /// <summary>Allocatable CPU minus the requests of the pods on the node, in millicores.</summary>
    public long CpuLeft { get; private set; }

    /// <summary>Allocatable memory minus the requests of the pods on the node, in MiB.</summary>
    public long MemoryLeft { get; private set; }

    public int PodCount { get; private set; }

    /// <summary>Free milli of each GPU device, indexed by device.</summary>
    public ReadOnlySpan<int> GpuLeft => gpuLeft;

    /// <summary>Sum of <see cref="GpuLeft"/>.</summary>
    public long GpuLeftTotal { get; private set; }

    /// <summary>Number of devices with all of their milli free.</summary>
    public int FullyFreeGpus { get; private set; }

    /// <summary>
    /// Change counter; it grows whenever any other property changes. A copy made by
    /// <see cref="CopyFrom"/> starts from a value no other node state has reached, so caches keyed
    /// by node index and version never mistake a copy for its original.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>False while the node is down, in maintenance or quarantined: it takes no new pods.</summary>
    public bool Schedulable { get; private set; } = true;

    /// <summary>Marks the node as taking new pods or not; pods already on it are not affected.</summary>
    public void SetSchedulable(bool schedulable)
    {
        if (Schedulable != schedulable)
        {
            Schedulable = schedulable;
            Version++;
        }
    }

    /// <summary>True when a pod of any kind, or any CPU request, is on the node.</summary>
    public bool InUse => PodCount > 0;

    /// <summary>Number of GPU pods on the node whose affinity tag is <paramref name="tag"/>.</summary>
    public int AffinityCount(GpuAffinityTag tag) =>
        tag.Value < affinityCounts.Length ? affinityCounts[tag.Value] : 0;

    /// <summary>Number of GPU pods on the node, over all tags.</summary>
    public int GpuPodCount { get; private set; }

    /// <summary>
    /// Books <paramref name="pod"/> on the node and on <paramref name="devices"/>. The caller has
    /// checked that it fits; a booking that does not fit throws, because it would corrupt the state.
    /// </summary>
    public void Assign(PodSpec pod, ReadOnlySpan<int> devices)
    {
        if (pod.NeedsGpu && devices.Length != pod.GpuCount)
        {
            throw new ArgumentException(
                $"Pod {pod.Name} requests {pod.GpuCount} GPU devices but {devices.Length} were given.", nameof(devices));
        }

        if (pod.CpuMilli > CpuLeft || pod.MemoryMib > MemoryLeft || PodCount + 1 > MaxPods)
        {
            throw new InvalidOperationException($"Pod {pod.Name} does not fit the CPU, memory or pod slots of node {Name}.");
        }

        if (pod.NeedsGpu)
        {
            // Check every device before booking any, so a rejected booking leaves the node unchanged.
            for (var i = 0; i < devices.Length; i++)
            {
                var device = devices[i];
                if (device < 0 || device >= gpuLeft.Length || devices[..i].Contains(device))
                {
                    throw new ArgumentException($"Pod {pod.Name} was given GPU {device} of node {Name}, which is out of range or repeated.", nameof(devices));
                }

                if (gpuLeft[device] < pod.GpuMilli)
                {
                    throw new InvalidOperationException(
                        $"Pod {pod.Name} needs {pod.GpuMilli} milli on GPU {device} of node {Name}, which has {gpuLeft[device]} left.");
                }
            }

            foreach (var device in devices)
            {
                ChangeGpu(device, -pod.GpuMilli);
            }

            affinityCounts[GpuAffinityTag.Of(pod).Value]++;
            GpuPodCount++;
        }

        CpuLeft -= pod.CpuMilli;
        MemoryLeft -= pod.MemoryMib;
        PodCount++;
        Version++;
    }

    /// <summary>Returns what <see cref="Assign"/> booked for <paramref name="pod"/> on <paramref name="devices"/>.</summary>
    public void Release(PodSpec pod, ReadOnlySpan<int> devices)
    {
        if (pod.NeedsGpu)
        {
            foreach (var device in devices)
            {
                ChangeGpu(device, pod.GpuMilli);
            }

            affinityCounts[GpuAffinityTag.Of(pod).Value]--;
            GpuPodCount--;
        }

        CpuLeft += pod.CpuMilli;
        MemoryLeft += pod.MemoryMib;
        PodCount--;
        Version++;
    }

    /// <summary>Makes this node's state equal to <paramref name="other"/>'s, for projections on a copy of a cluster.</summary>
    public void CopyFrom(NodeState other)
    {
        if (!ReferenceEquals(other.Spec, Spec) && other.Spec != Spec)
        {
            throw new ArgumentException($"Node {Name} cannot take the state of node {other.Name}.", nameof(other));
        }

        CpuLeft = other.CpuLeft;
        MemoryLeft = other.MemoryLeft;
        PodCount = other.PodCount;
        other.gpuLeft.CopyTo(gpuLeft, 0);
        other.affinityCounts.CopyTo(affinityCounts, 0);
        GpuLeftTotal = other.GpuLeftTotal;
        FullyFreeGpus = other.FullyFreeGpus;
        GpuPodCount = other.GpuPodCount;
        Schedulable = other.Schedulable;
        Version = Interlocked.Add(ref copyGeneration, 1L << 40);
    }

    private static long copyGeneration;

    private void ChangeGpu(int device, int delta)
    {
        if (gpuLeft[device] == GpuDevice.MilliCapacity)
        {
            FullyFreeGpus--;
        }

        gpuLeft[device] += delta;
        GpuLeftTotal += delta;
        if (gpuLeft[device] == GpuDevice.MilliCapacity)
        {
            FullyFreeGpus++;
        }
    }
}
