using ClusterSim.Core;
using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

/// <summary>
/// The fragmentation of one node with 3000 millicores free and devices with 1000, 500, 200 and
/// 0 milli free (1700 milli idle), against a workload of 16 pods in eight shapes.
/// </summary>
public class FragmentationMeasureTests
{
    private static readonly int[] GpuLeft = [1000, 500, 200, 0];

    private const long CpuLeft = 3000;

    private static IEnumerable<PodSpec> Pods(int count, long cpuMilli, int gpuCount, int gpuMilli, string gpuModels = "") =>
        Enumerable.Range(0, count).Select(i => new PodSpec($"p{i}", cpuMilli, 0, gpuCount, gpuMilli, gpuModels));

    /// <summary>
    /// Creates the measure for eight shapes with probability count/16, each landing in one bucket
    /// on the node. The CPU-only shapes need 4000 (p 4/16, lacks CPU) and 3000 millicores (2/16,
    /// fits exactly). A 300-milli share (4/16) and one GPU (2/16) fit, two GPUs (1/16) lack GPU,
    /// and one GPU with 8000 millicores (1/16) lacks CPU. Two GPUs with 8000 millicores (1/16)
    /// lack both, and a 500-milli share restricted to V100 (1/16) has no access.
    /// </summary>
    private static FragmentationMeasure Measure() => new(TargetWorkload.FromPods(
        [
            .. Pods(4, 4000, 0, 0),
            .. Pods(2, 3000, 0, 0),
            .. Pods(4, 2000, 1, 300),
            .. Pods(2, 2000, 1, 1000),
            .. Pods(1, 2000, 2, 1000),
            .. Pods(1, 8000, 1, 1000),
            .. Pods(1, 8000, 2, 1000),
            .. Pods(1, 1000, 1, 500, "V100"),
        ],
        100));

    [Fact]
    public void Buckets_LackBoth()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // Two GPUs with 8000 CPU: 1700 / 16.
        Assert.Equal(106.25, buckets.LackBoth);
    }

    [Fact]
    public void Buckets_LackGpuIncludesSmallDevices()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // Share 300 fits but devices with 200 and 0 free are too small: 4/16 * 200 = 50.
        // One GPU fits but 500 + 200 + 0 are too small: 2/16 * 700 = 87.5.
        // Two GPUs find one free device only: 1/16 * 1700 = 106.25.
        Assert.Equal(243.75, buckets.LackGpu);
    }

    [Fact]
    public void Buckets_Satisfied()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // Share 300: 4/16 * 1500 = 375. One GPU: 2/16 * 1000 = 125.
        Assert.Equal(500, buckets.Satisfied);
    }

    [Fact]
    public void Buckets_LackCpu()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // One GPU with 8000 CPU: 1700 / 16.
        Assert.Equal(106.25, buckets.LackCpu);
    }

    [Fact]
    public void Buckets_CpuOnlySatisfiedAtExactCpu()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // CPU-only 3000 fits 3000 free: 2/16 * 1700.
        Assert.Equal(212.5, buckets.CpuOnlySatisfied);
    }

    [Fact]
    public void Buckets_CpuOnlyLackCpu()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // CPU-only 4000: 4/16 * 1700.
        Assert.Equal(425, buckets.CpuOnlyLackCpu);
    }

    [Fact]
    public void Buckets_NoAccessForOtherModel()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // Share 500 restricted to V100: 1700 / 16.
        Assert.Equal(106.25, buckets.NoAccess);
    }

    [Fact]
    public void Buckets_AmountExcludesSatisfied()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "T4");

        // 106.25 + 243.75 + 106.25 + 212.5 + 425 + 106.25.
        Assert.Equal(1200, buckets.Amount);
        Assert.Equal(1700, buckets.Idle);
        Assert.Equal(1200, Measure().Amount(CpuLeft, GpuLeft, "T4"));
    }

    [Fact]
    public void Buckets_MatchingModelGetsAccess()
    {
        var buckets = Measure().Buckets(CpuLeft, GpuLeft, "V100");

        // The V100 share 500 now fits, and the devices with 200 and 0 free are too small:
        // LackGpu gains 1/16 * 200 = 12.5 and Satisfied gains 1/16 * 1500 = 93.75.
        Assert.Equal(0, buckets.NoAccess);
        Assert.Equal(256.25, buckets.LackGpu);
        Assert.Equal(593.75, buckets.Satisfied);
    }

    [Fact]
    public void Buckets_NodeStateMatchesExplicitState()
    {
        var node = NodeWithGpuLeft(CpuLeft, "T4", GpuLeft);

        Assert.Equal(1200, Measure().Buckets(node).Amount);
    }

    [Fact]
    public void Buckets_NodeWithoutGpusIsZero()
    {
        var buckets = Measure().Buckets(CpuLeft, [], "");

        Assert.Equal(0, buckets.LackBoth);
        Assert.Equal(0, buckets.LackGpu);
        Assert.Equal(0, buckets.Satisfied);
        Assert.Equal(0, buckets.LackCpu);
        Assert.Equal(0, buckets.CpuOnlySatisfied);
        Assert.Equal(0, buckets.CpuOnlyLackCpu);
        Assert.Equal(0, buckets.NoAccess);
    }

    [Fact]
    public void Buckets_FullyUsedNodeIsZero()
    {
        var buckets = Measure().Buckets(CpuLeft, [0, 0], "T4");

        Assert.Equal(0, buckets.Amount);
        Assert.Equal(0, buckets.Idle);
    }
}
