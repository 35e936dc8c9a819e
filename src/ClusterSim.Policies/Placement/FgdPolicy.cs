using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// Fragmentation gradient descent (Weng et al., USENIX ATC 2023): places a pod where it raises
/// the node's fragmentation against the target workload the least. A node scores
/// int64(sigmoid((F0 − F1) / 1000) × 100), where F0 and F1 are the node's fragmentation before
/// and after the placement. A share pod tries each device with room and keeps the first device
/// that reaches the best score; other pods take the tightest devices with room.
/// </summary>
/// <remarks>
/// Scores depend only on the node state and the pod shape, so they are cached per node and
/// shape until the node changes. One instance serves one run; it is not thread-safe.
/// </remarks>
public sealed class FgdPolicy : ScoringPolicy
{
    private readonly FragmentationMeasure measure;
    private readonly Dictionary<PodShape, int> shapeIds = [];
    private CachedScore[][] scoreCache = [];
    private CachedAmount[] amountCache = [];

    public FgdPolicy(FragmentationMeasure measure)
    {
        this.measure = measure;
    }

    public override string Name => PolicyNames.Fgd;

    public override long Score(NodeState node, PodSpec pod) => Evaluate(node, pod).Score;

    public override int[] SelectDevices(NodeState node, PodSpec pod) =>
        pod.IsShare ? [Evaluate(node, pod).Device] : GpuDeviceSelection.Packed(node, pod);

    /// <summary>Returns the fragmented GPU milli of <paramref name="node"/> as it is now, cached per node version.</summary>
    public double CurrentAmount(NodeState node)
    {
        if (amountCache.Length <= node.Index)
        {
            Array.Resize(ref amountCache, Math.Max(node.Index + 1, amountCache.Length * 2));
        }

        ref var entry = ref amountCache[node.Index];
        if (entry.VersionPlusOne != node.Version + 1)
        {
            entry = new CachedAmount(node.Version + 1, measure.Amount(node.CpuLeft, node.GpuLeft, node.GpuModel));
        }

        return entry.Amount;
    }

    private (long Score, int Device) Evaluate(NodeState node, PodSpec pod)
    {
        var shapeId = ShapeId(pod.Shape);
        ref var entry = ref CacheSlot(node.Index, shapeId);
        if (entry.VersionPlusOne == node.Version + 1)
        {
            return (entry.Score, entry.Device);
        }

        var result = Compute(node, pod);
        entry = new CachedScore(node.Version + 1, (short)result.Score, (short)result.Device);
        return result;
    }

    private (long Score, int Device) Compute(NodeState node, PodSpec pod)
    {
        var before = CurrentAmount(node);
        var cpuAfter = node.CpuLeft - pod.CpuMilli;
        Span<int> gpuAfter = stackalloc int[node.GpuCount];
        node.GpuLeft.CopyTo(gpuAfter);

        if (!pod.IsShare)
        {
            if (pod.NeedsGpu)
            {
                foreach (var g in GpuDeviceSelection.Packed(node, pod))
                {
                    gpuAfter[g] -= pod.GpuMilli;
                }
            }

            return (ScoreOf(before, measure.Amount(cpuAfter, gpuAfter, node.GpuModel)), -1);
        }

        var bestScore = long.MinValue;
        var bestDevice = -1;
        var left = node.GpuLeft;
        for (var g = 0; g < left.Length; g++)
        {
            if (left[g] < pod.GpuMilli || SameLeftSeenBefore(left, g))
            {
                // A device with the same free milli as an earlier one gives the same node state,
                // so the earlier device already has its score and wins the tie.
                continue;
            }

            gpuAfter[g] -= pod.GpuMilli;
            var score = ScoreOf(before, measure.Amount(cpuAfter, gpuAfter, node.GpuModel));
            gpuAfter[g] += pod.GpuMilli;
            if (score > bestScore)
            {
                bestScore = score;
                bestDevice = g;
            }
        }

        return (bestScore, bestDevice);
    }

    private static bool SameLeftSeenBefore(ReadOnlySpan<int> left, int device)
    {
        for (var g = 0; g < device; g++)
        {
            if (left[g] == left[device])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Truncates sigmoid((before − after) / 1000) × 100 toward zero, as the reference scoring does.</summary>
    internal static long ScoreOf(double before, double after) =>
        (long)(1.0 / (1.0 + Math.Exp(-((before - after) / 1000))) * MaxNodeScore);

    private int ShapeId(PodShape shape)
    {
        if (!shapeIds.TryGetValue(shape, out var id))
        {
            id = shapeIds.Count;
            shapeIds[shape] = id;
        }

        return id;
    }

    private ref CachedScore CacheSlot(int nodeIndex, int shapeId)
    {
        if (scoreCache.Length <= nodeIndex)
        {
            Array.Resize(ref scoreCache, Math.Max(nodeIndex + 1, scoreCache.Length * 2));
        }

        ref var row = ref scoreCache[nodeIndex];
        row ??= new CachedScore[16];
        if (row.Length <= shapeId)
        {
            Array.Resize(ref row, Math.Max(shapeId + 1, row.Length * 2));
        }

        return ref row[shapeId];
    }

    private readonly record struct CachedScore(long VersionPlusOne, short Score, short Device);

    private readonly record struct CachedAmount(long VersionPlusOne, double Amount);
}
