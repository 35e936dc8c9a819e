using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// The FGD paper's fragmentation of a node with respect to a target workload (Weng et al.,
/// USENIX ATC 2023): the expected idle GPU milli that a pod drawn from the workload could not use.
/// </summary>
public sealed class FragmentationMeasure
{
    private readonly TypicalPod[] pods;
    private readonly Dictionary<string, bool[]> accessByModel = new(StringComparer.Ordinal);

    public FragmentationMeasure(TargetWorkload target)
    {
        Target = target;
        pods = [.. target.Pods];
    }

    public TargetWorkload Target { get; }

    /// <summary>Computes the buckets of a node with <paramref name="cpuLeft"/> millicores and the given free milli per device.</summary>
    public FragmentBuckets Buckets(long cpuLeft, ReadOnlySpan<int> gpuLeft, string gpuModel)
    {
        var buckets = default(FragmentBuckets);
        long idle = 0;
        foreach (var left in gpuLeft)
        {
            idle += left;
        }

        if (idle == 0)
        {
            return buckets;
        }

        var access = AccessFor(gpuModel);
        for (var t = 0; t < pods.Length; t++)
        {
            var shape = pods[t].Shape;
            var p = pods[t].Probability;
            var cpuFits = cpuLeft >= shape.CpuMilli;
            if (shape.GpuMilli == 0)
            {
                if (cpuFits)
                {
                    buckets.CpuOnlySatisfied += p * idle;
                }
                else
                {
                    buckets.CpuOnlyLackCpu += p * idle;
                }

                continue;
            }

            if (!access[t])
            {
                buckets.NoAccess += p * idle;
                continue;
            }

            var fitting = 0;
            long small = 0;
            foreach (var left in gpuLeft)
            {
                if (left >= shape.GpuMilli)
                {
                    fitting++;
                }
                else
                {
                    small += left;
                }
            }

            var gpuFits = fitting >= shape.GpuCount;
            if (gpuFits && cpuFits)
            {
                // Even when the pod fits, devices too small for it are fragments.
                buckets.LackGpu += p * small;
                buckets.Satisfied += p * (idle - small);
            }
            else if (gpuFits)
            {
                buckets.LackCpu += p * idle;
            }
            else if (cpuFits)
            {
                buckets.LackGpu += p * idle;
            }
            else
            {
                buckets.LackBoth += p * idle;
            }
        }

        return buckets;
    }

    /// <summary>Returns the fragmented GPU milli of a node state.</summary>
    public double Amount(long cpuLeft, ReadOnlySpan<int> gpuLeft, string gpuModel) =>
        Buckets(cpuLeft, gpuLeft, gpuModel).Amount;

    public FragmentBuckets Buckets(NodeState node) => Buckets(node.CpuLeft, node.GpuLeft, node.GpuModel);

    private bool[] AccessFor(string gpuModel)
    {
        if (!accessByModel.TryGetValue(gpuModel, out var access))
        {
            access = new bool[pods.Length];
            for (var t = 0; t < pods.Length; t++)
            {
                access[t] = pods[t].AcceptsModel(gpuModel);
            }

            accessByModel[gpuModel] = access;
        }

        return access;
    }
}
