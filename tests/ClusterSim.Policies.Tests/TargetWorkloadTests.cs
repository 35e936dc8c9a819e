using ClusterSim.Core;

namespace ClusterSim.Policies.Tests;

public class TargetWorkloadTests
{
    private static IEnumerable<PodSpec> Pods(int count, long cpuMilli, int gpuMilli, int gpuCount, string gpuModels = "", long memoryMib = 0) =>
        Enumerable.Range(0, count).Select(i => new PodSpec($"p{i}", cpuMilli, memoryMib, gpuCount, gpuMilli, gpuModels));

    /// <summary>Pods whose shapes have counts 6, 3 and 1.</summary>
    private static List<PodSpec> SixThreeOne() =>
    [
        .. Pods(6, 1000, 500, 1),
        .. Pods(3, 2000, 1000, 1),
        .. Pods(1, 4000, 0, 0),
    ];

    [Fact]
    public void FromPods_SortsByCountThenShapeDescending()
    {
        List<PodSpec> pods =
        [
            .. Pods(2, 1000, 500, 1),
            .. Pods(2, 1000, 1000, 1),
            .. Pods(2, 1000, 1000, 2),
            .. Pods(2, 1000, 1000, 2, "T4"),
            .. Pods(2, 1000, 1000, 2, "V100"),
            .. Pods(2, 4000, 500, 1),
            .. Pods(3, 2000, 0, 0),
        ];

        var workload = TargetWorkload.FromPods(pods, 100);

        // Count 3 comes first. Among count 2, CPU 4000 comes first, then GPU milli 1000 before
        // 500, then 2 GPUs before 1, then models in descending ordinal order ("V100" > "T4" > "").
        PodShape[] expected =
        [
            new(2000, 0, 0, ""),
            new(4000, 500, 1, ""),
            new(1000, 1000, 2, "V100"),
            new(1000, 1000, 2, "T4"),
            new(1000, 1000, 2, ""),
            new(1000, 1000, 1, ""),
            new(1000, 500, 1, ""),
        ];
        Assert.Equal(expected, workload.Pods.Select(p => p.Shape));
        Assert.Equal([3, 2, 2, 2, 2, 2, 2], workload.Pods.Select(p => p.Count));
    }

    [Fact]
    public void FromPods_StopsWhenPercentReached()
    {
        // After 6 + 3 = 9 of 10 pods the cumulative share is exactly 90 %.
        var workload = TargetWorkload.FromPods(SixThreeOne(), 90);

        Assert.Equal(2, workload.Pods.Count);
        Assert.Equal(10, workload.TotalPods);
        Assert.Equal(0.9, workload.Coverage, 12);
    }

    [Fact]
    public void FromPods_KeepsShapeUntilPercentReached()
    {
        // 9 of 10 pods is 90 %, short of 91 %, so the third shape is kept too.
        var workload = TargetWorkload.FromPods(SixThreeOne(), 91);

        Assert.Equal(3, workload.Pods.Count);
        Assert.Equal(1.0, workload.Coverage);
    }

    [Fact]
    public void FromPods_DefaultPercentIs95()
    {
        var workload = TargetWorkload.FromPods(SixThreeOne());

        Assert.Equal(3, workload.Pods.Count);
    }

    [Fact]
    public void FromPods_ProbabilityIsShareOverKeptShare()
    {
        var workload = TargetWorkload.FromPods(SixThreeOne(), 90);

        // p = (count / total) / (kept / total), evaluated in that order.
        Assert.Equal(6.0 / 10 / (9.0 / 10), workload.Pods[0].Probability);
        Assert.Equal(3.0 / 10 / (9.0 / 10), workload.Pods[1].Probability);
        Assert.Equal(2.0 / 3, workload.Pods[0].Probability, 12);
        Assert.Equal(1.0 / 3, workload.Pods[1].Probability, 12);
    }

    [Fact]
    public void FromPods_ProbabilitiesSumToOne()
    {
        List<PodSpec> pods =
        [
            .. Pods(7, 1000, 300, 1),
            .. Pods(5, 2000, 1000, 1),
            .. Pods(3, 3000, 0, 0),
            .. Pods(2, 500, 1000, 2),
            .. Pods(1, 8000, 1000, 8),
        ];

        var workload = TargetWorkload.FromPods(pods, 80);

        // 7 + 5 = 12 of 18 is 66.7 %, and 15 of 18 is 83.3 %, so three shapes are kept.
        Assert.Equal(3, workload.Pods.Count);
        Assert.Equal(1.0, workload.Pods.Sum(p => p.Probability), 12);
    }

    [Fact]
    public void FromPods_MemoryIsNotPartOfShape()
    {
        List<PodSpec> pods = [.. Pods(1, 1000, 500, 1, memoryMib: 1024), .. Pods(1, 1000, 500, 1, memoryMib: 4096)];

        var workload = TargetWorkload.FromPods(pods, 100);

        var only = Assert.Single(workload.Pods);
        Assert.Equal(2, only.Count);
        Assert.Equal(1.0, only.Probability);
    }

    [Fact]
    public void FromPods_CountsCpuOnlyPods()
    {
        var workload = TargetWorkload.FromPods([.. Pods(3, 2000, 0, 0), .. Pods(1, 1000, 500, 1)], 100);

        Assert.Equal(new PodShape(2000, 0, 0, ""), workload.Pods[0].Shape);
        Assert.Equal(0.75, workload.Pods[0].Probability);
    }

    [Fact]
    public void FromPods_PercentOutOfRangeThrows()
    {
        var pods = SixThreeOne();

        Assert.Throws<ArgumentOutOfRangeException>(() => TargetWorkload.FromPods(pods, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetWorkload.FromPods(pods, 101));
    }
}
