using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using static ClusterSim.Policies.Tests.Admission.AdmissionFixtures;

namespace ClusterSim.Policies.Tests.Admission;

public class AdmissionEngineTests
{
    [Fact]
    public void Cohort_AdmitsBorrowerUpToTwentyOne()
    {
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);
        for (var i = 0; i < 22; i++)
        {
            engine.Enqueue(Job($"j{i:D2}", "a", 1, submitSeconds: i));
        }

        var cycle = engine.RunCycle();

        Assert.Equal(21, cycle.Admitted.Count);
        Assert.Equal(9, cycle.Admitted.Count(a => !a.Borrowed));
        Assert.Equal(1, engine.PendingCount("a"));
    }

    [Fact]
    public void BorrowingLimit_AdmitsTen()
    {
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9, borrowingLimit: 1)), Queue("b", "c", Quota(12))]);
        for (var i = 0; i < 12; i++)
        {
            engine.Enqueue(Job($"j{i:D2}", "a", 1, submitSeconds: i));
        }

        Assert.Equal(10, engine.RunCycle().Admitted.Count);
    }

    [Fact]
    public void LendingLimit_AdmitsTen()
    {
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12, lendingLimit: 1))]);
        for (var i = 0; i < 12; i++)
        {
            engine.Enqueue(Job($"j{i:D2}", "a", 1, submitSeconds: i));
        }

        Assert.Equal(10, engine.RunCycle().Admitted.Count);
    }

    [Fact]
    public void NominalFit_AdmittedBeforeBorrower()
    {
        // Queue a already uses its 9 GPUs, so its next job would borrow; b's job fits b's own
        // quota. Only 3 GPUs of the cohort remain: b's job must win although a's is older and
        // of higher priority.
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9)), Queue("b", "c", Quota(3))]);
        engine.Enqueue(Job("a-first", "a", 9));
        Assert.Single(engine.RunCycle().Admitted);
        engine.Enqueue(Job("a-borrow", "a", 3, priority: 10, submitSeconds: 1));
        engine.Enqueue(Job("b-own", "b", 3, submitSeconds: 2));

        var admitted = engine.RunCycle().Admitted;

        Assert.Equal("b-own", Assert.Single(admitted).Job.Id);
        Assert.False(admitted[0].Borrowed);
    }

    [Fact]
    public void QuotaIsNotPlacement_SplitGpusHoldJob()
    {
        // 8 free GPUs, 4 on each node, and quota for 8: one 8-GPU worker still cannot start.
        var cluster = new ClusterState([GpuNode("n0", 4), GpuNode("n1", 4)]);
        var engine = Engine(cluster, [Queue("a", string.Empty, Quota(8))]);
        var pending = engine.Enqueue(Job("big", "a", 8));

        var cycle = engine.RunCycle();

        Assert.Empty(cycle.Admitted);
        Assert.Equal(HoldReason.Inadmissible, pending.Hold!.Reason);
    }

    [Fact]
    public void SplitFreeGpus_HoldAsNoNodeFits()
    {
        // Two 8-GPU nodes with 4 GPUs in use on each: 8 free in all, but no node has 8.
        var cluster = new ClusterState([GpuNode("n0", 8), GpuNode("n1", 8)]);
        var engine = Engine(cluster, [Queue("a", string.Empty, Quota(16))]);
        var other = new PodSpec("other", 1_000, 1_024, 4, GpuDevice.MilliCapacity, string.Empty);
        cluster.Assign(other, new Placement(0, [0, 1, 2, 3]));
        cluster.Assign(other, new Placement(1, [0, 1, 2, 3]));
        var pending = engine.Enqueue(Job("eight", "a", 8, submitSeconds: 2));

        var cycle = engine.RunCycle();

        Assert.Empty(cycle.Admitted);
        Assert.Equal(HoldReason.NoNodeFits, pending.Hold!.Reason);
    }

    [Fact]
    public void FailedGang_LeavesClusterUnchanged()
    {
        // Three workers of 8 GPUs on two 8-GPU nodes: two would fit, the gang does not.
        var cluster = new ClusterState([GpuNode("n0", 8), GpuNode("n1", 8)]);
        var engine = Engine(cluster, [Queue("a", string.Empty, Quota(24))]);
        var pending = engine.Enqueue(Job("gang", "a", 8, workers: 3));

        var cycle = engine.RunCycle();

        Assert.Empty(cycle.Admitted);
        Assert.Equal(HoldReason.NoNodeFits, pending.Hold!.Reason);
        Assert.Equal(0, cluster.AllocatedGpuMilli);
        Assert.All(cluster.Nodes, n => Assert.Equal(8, n.FullyFreeGpus));
    }

    [Fact]
    public void Gang_PlacesEveryWorker()
    {
        var cluster = new ClusterState([GpuNode("n0", 8), GpuNode("n1", 8), GpuNode("n2", 8)]);
        var engine = Engine(cluster, [Queue("a", string.Empty, Quota(24))]);
        engine.Enqueue(Job("gang", "a", 8, workers: 3));

        var admission = Assert.Single(engine.RunCycle().Admitted);

        Assert.Equal(3, admission.Placements.Count);
        Assert.Equal([0, 1, 2], admission.Placements.Select(p => p.NodeIndex).Order());
        Assert.Equal(24_000, cluster.AllocatedGpuMilli);
    }

    [Fact]
    public void StrictFifo_HeadBlocksSmallerJobs()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(4), QueueingStrategy.StrictFifo)]);
        engine.Enqueue(Job("running", "a", 3));
        Assert.Single(engine.RunCycle().Admitted);
        var head = engine.Enqueue(Job("head", "a", 2, submitSeconds: 1));
        var small = engine.Enqueue(Job("small", "a", 1, submitSeconds: 2));

        var cycle = engine.RunCycle();

        Assert.Empty(cycle.Admitted);
        Assert.Equal(HoldReason.QuotaExhausted, head.Hold!.Reason);
        Assert.Null(small.Hold);
    }

    [Fact]
    public void BestEffortFifo_SmallerJobPassesHead()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(4))]);
        engine.Enqueue(Job("running", "a", 3));
        Assert.Single(engine.RunCycle().Admitted);
        engine.Enqueue(Job("head", "a", 2, submitSeconds: 1));
        engine.Enqueue(Job("small", "a", 1, submitSeconds: 2));

        Assert.Equal("small", Assert.Single(engine.RunCycle().Admitted).Job.Id);
    }

    [Fact]
    public void Priority_OrdersWithinQueue()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(1))]);
        engine.Enqueue(Job("old-low", "a", 1, priority: 0, submitSeconds: 0));
        engine.Enqueue(Job("new-high", "a", 1, priority: 5, submitSeconds: 9));

        Assert.Equal("new-high", Assert.Single(engine.RunCycle().Admitted).Job.Id);
    }

    [Fact]
    public void ConcurrencyLimit_HoldsExtraRuns()
    {
        var settings = new AdmissionSettings(new Dictionary<string, int> { ["etl"] = 2 }, false, false);
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(100))], settings);
        var jobs = Enumerable.Range(0, 4).Select(i => engine.Enqueue(Job($"j{i}", "a", 1, submitSeconds: i, group: "etl"))).ToList();

        var cycle = engine.RunCycle();

        Assert.Equal(2, cycle.Admitted.Count);
        Assert.Equal(HoldReason.ConcurrencyLimit, jobs[2].Hold!.Reason);
        engine.Complete(cycle.Admitted[0], succeeded: true);
        Assert.Equal("j2", Assert.Single(engine.RunCycle().Admitted).Job.Id);
    }

    [Fact]
    public void PartitionLock_HoldsSecondRun()
    {
        var settings = new AdmissionSettings(new Dictionary<string, int>(), PartitionLock: true, RerunCompletedPartitions: false);
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(100))], settings);
        engine.Enqueue(Job("daily", "a", 1, pipeline: "p", partition: "2026-01-01", kind: JobKind.Production));
        var rerun = engine.Enqueue(Job("rerun", "a", 1, submitSeconds: 1, pipeline: "p", partition: "2026-01-01", kind: JobKind.Backfill));

        var cycle = engine.RunCycle();

        Assert.Equal("daily", Assert.Single(cycle.Admitted).Job.Id);
        Assert.Equal(HoldReason.PartitionLocked, rerun.Hold!.Reason);
    }

    [Fact]
    public void PartitionLock_SkipsCompletedBackfill()
    {
        var settings = new AdmissionSettings(new Dictionary<string, int>(), PartitionLock: true, RerunCompletedPartitions: false);
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(100))], settings);
        engine.Enqueue(Job("daily", "a", 1, pipeline: "p", partition: "2026-01-01", kind: JobKind.Production));
        var daily = Assert.Single(engine.RunCycle().Admitted);
        engine.Complete(daily, succeeded: true);
        engine.Enqueue(Job("rerun", "a", 1, submitSeconds: 1, pipeline: "p", partition: "2026-01-01", kind: JobKind.Backfill));

        var cycle = engine.RunCycle();

        Assert.Empty(cycle.Admitted);
        Assert.Equal("rerun", Assert.Single(cycle.Skipped).Job.Id);
        Assert.Equal(0, engine.PendingCount("a"));
    }

    [Fact]
    public void RerunCompleted_RunsBackfillAgain()
    {
        var settings = new AdmissionSettings(new Dictionary<string, int>(), PartitionLock: true, RerunCompletedPartitions: true);
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(100))], settings);
        engine.Enqueue(Job("daily", "a", 1, pipeline: "p", partition: "d1", kind: JobKind.Production));
        engine.Complete(Assert.Single(engine.RunCycle().Admitted), succeeded: true);
        engine.Enqueue(Job("rerun", "a", 1, submitSeconds: 1, pipeline: "p", partition: "d1", kind: JobKind.Backfill));

        Assert.Equal("rerun", Assert.Single(engine.RunCycle().Admitted).Job.Id);
    }

    [Fact]
    public void OversizedJob_ReportedInadmissible()
    {
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);
        var pending = engine.Enqueue(Job("huge", "a", 22));

        Assert.Empty(engine.RunCycle().Admitted);
        Assert.Equal(HoldReason.Inadmissible, pending.Hold!.Reason);
    }

    [Fact]
    public void WrongModel_ReportedInadmissible()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(9))]);
        var plain = Job("h100-only", "a", 1);
        var job = plain with { Worker = plain.Worker with { GpuModels = "H100" } };
        var pending = engine.Enqueue(job);

        Assert.Empty(engine.RunCycle().Admitted);
        Assert.Equal(HoldReason.Inadmissible, pending.Hold!.Reason);
    }

    [Fact]
    public void UnknownNamespace_Throws()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(9))]);

        var error = Assert.Throws<ArgumentException>(() => engine.Enqueue(Job("j", "elsewhere", 1)));

        Assert.StartsWith("Job j is in namespace 'elsewhere', which no LocalQueue serves.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_ReturnsQuotaAndNodes()
    {
        var cluster = BigCluster();
        var queues = new[] { Queue("a", string.Empty, Quota(4)) };
        var engine = Engine(cluster, queues);
        engine.Enqueue(Job("j", "a", 4));
        var admitted = Assert.Single(engine.RunCycle().Admitted);

        engine.Complete(admitted, succeeded: true);

        Assert.Equal(0, cluster.AllocatedGpuMilli);
        engine.Enqueue(Job("k", "a", 4, submitSeconds: 1));
        Assert.Single(engine.RunCycle().Admitted);
        Assert.Equal(4_000, cluster.AllocatedGpuMilli);
    }
}
