using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Simulation.Kernel;
using ClusterSim.Simulation.Openb;

namespace ClusterSim.Simulation.Tests;

/// <summary>
/// Runs a two-node cluster with 2 T4 GPUs and 1 P100 GPU through six submissions. Their outcome
/// does not depend on the policy, because every GPU pod has at most one feasible node and the
/// one CPU-only pod changes no GPU total wherever it lands.
/// </summary>
public class OpenbRunTests
{
    private static readonly NodeSpec[] Nodes =
    [
        new("node-a", 16_000, 65_536, 2, "T4"),
        new("node-b", 8_000, 32_768, 1, "P100"),
    ];

    private static readonly PodSpec[] Submissions =
    [
        // Only node-b is a P100 node, so p0 lands there and leaves 500 of its 1000 milli.
        new("p0", 2_000, 1_024, 1, 500, "P100"),

        // Only node-a has two GPUs, so p1 lands there and takes both.
        new("p1", 4_000, 1_024, 2, 1_000, string.Empty),

        // No GPU has 1000 milli free, so p2 fails. Its 1000 milli still count as arrived.
        new("p2", 1_000, 1_024, 1, 1_000, string.Empty),

        // CPU only, so p3 fits either node and adds no GPU milli.
        new("p3", 1_000, 1_024, 0, 0, string.Empty),

        // p4 takes the remaining 500 milli of node-b.
        new("p4", 1_000, 1_024, 1, 500, "P100"),

        // No node has 20 cores (16 and 8 are allocatable), so p5 fails with 100 milli arrived.
        new("p5", 20_000, 1_024, 1, 100, string.Empty),
    ];

    private static OpenbWorkload Workload() =>
        new(seed: 9, Nodes, rankByNode: [0, 1], Submissions, originalPodCount: Submissions.Length,
            clonesAdded: 0, podsRemoved: 0, TargetWorkload.FromPods(Submissions));

    private static OpenbRunResult Run(string policy) =>
        OpenbRun.Run(Workload(), policy, new RandomStreams(9).Create("placement"));

    public static TheoryData<string> Policies => [.. PolicyNames.All];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Run_SamplesArrivedGpuMilli(string policy)
    {
        var result = Run(policy);

        Assert.Equal([500L, 2_500, 3_500, 3_500, 4_000, 4_100], result.Samples.Select(s => s.ArrivedGpuMilli));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Run_SamplesAllocatedGpuMilli(string policy)
    {
        var result = Run(policy);

        Assert.Equal([500L, 2_500, 2_500, 2_500, 3_000, 3_000], result.Samples.Select(s => s.AllocatedGpuMilli));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Run_ListsFailedPods(string policy)
    {
        var result = Run(policy);

        Assert.Equal(["p2", "p5"], result.FailedPods.Select(f => f.Pod.Name));
    }

    [Fact]
    public void Run_FailureReasonNamesCause()
    {
        var result = Run(PolicyNames.BestFit);

        Assert.Contains("insufficient GPU", result.FailedPods[0].Reason, StringComparison.Ordinal);
        Assert.Contains("insufficient CPU", result.FailedPods[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_IdleMatchesUnallocatedGpu()
    {
        // The fragmentation buckets add up to the idle GPU milli: 3000 minus the allocated milli.
        var result = Run(PolicyNames.Fgd);

        Assert.All(result.Samples, s => Assert.Equal(3_000 - s.AllocatedGpuMilli, s.IdleGpuMilli, 1e-9));
    }

    [Fact]
    public void Run_FullClusterHasNoFragment()
    {
        var last = Run(PolicyNames.Fgd).Samples[^1];

        Assert.Equal(0, last.FragmentedGpuMilli);
        Assert.Equal(0, last.FragmentationRatioPercent);
    }

    [Fact]
    public void Run_ReportsFinalAllocation()
    {
        // The placed pods request 2 + 4 + 1 + 1 of 24 cores and 4 x 1024 of 98304 MiB, and use all 3 GPUs.
        var allocation = Run(PolicyNames.Fgd).FinalAllocation;

        Assert.Equal(100.0 * 8_000 / 24_000, allocation.CpuPercent, 1e-12);
        Assert.Equal(100.0 * 4_096 / 98_304, allocation.MemoryPercent, 1e-12);
        Assert.Equal(100.0, allocation.GpuDevicePercent);
        Assert.Equal(100.0, allocation.GpuMilliPercent);
    }

    [Fact]
    public void Run_ReportsRunIdentity()
    {
        var result = Run(PolicyNames.GpuPacking);

        Assert.Equal(PolicyNames.GpuPacking, result.Policy);
        Assert.Equal(9, result.Seed);
        Assert.Equal(3, result.TotalGpus);
    }

    [Fact]
    public void Run_SameSeedSameSamples()
    {
        // The random policy draws while placing, so its result depends on the placement stream.
        var first = Run(PolicyNames.Random);
        var second = Run(PolicyNames.Random);

        Assert.Equal(first.Samples, second.Samples);
        Assert.Equal(first.FailedPods.Select(f => (f.Pod.Name, f.Reason)), second.FailedPods.Select(f => (f.Pod.Name, f.Reason)));
        Assert.Equal(first.FinalAllocation, second.FinalAllocation);
    }

    [Fact]
    public void Run_ReportsProgressAtEnd()
    {
        var progress = new RecordingProgress();

        OpenbRun.Run(Workload(), PolicyNames.Fgd, new RandomStreams(9).Create("placement"), progress);

        Assert.Equal([6], progress.Values);
    }

    [Fact]
    public void Run_EmptyWorkloadHasNoSamples()
    {
        var workload = new OpenbWorkload(1, Nodes, [0, 1], [], 0, 0, 0, TargetWorkload.FromPods(Submissions));

        var result = OpenbRun.Run(workload, PolicyNames.Fgd, new RandomStreams(1).Create("placement"));

        Assert.Empty(result.Samples);
        Assert.Empty(result.FailedPods);
    }

    private sealed class RecordingProgress : IProgress<int>
    {
        public List<int> Values { get; } = [];

        public void Report(int value) => Values.Add(value);
    }
}
