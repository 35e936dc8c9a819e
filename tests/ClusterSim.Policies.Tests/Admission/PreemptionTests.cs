using ClusterSim.Core;
using ClusterSim.Policies.Admission;
using static ClusterSim.Policies.Tests.Admission.AdmissionFixtures;

namespace ClusterSim.Policies.Tests.Admission;

public class PreemptionTests
{
    private static readonly PreemptionPolicy ReclaimAny = new(WithinClusterQueuePreemption.Never, ReclaimWithinCohort.Any);
    private static readonly PreemptionPolicy WithinLower = new(WithinClusterQueuePreemption.LowerPriority, ReclaimWithinCohort.Never);

    [Fact]
    public void Reclaim_EvictsBorrowersOnly()
    {
        // b borrows 6 of a's 9 GPUs; a's job of 5 needs 5 of them back.
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9)) with { Preemption = ReclaimAny }, Queue("b", "c", Quota(12))]);
        for (var i = 0; i < 18; i++)
        {
            engine.Enqueue(Job($"b{i:D2}", "b", 1, submitSeconds: i));
        }

        engine.RunCycle(TimeSpan.FromSeconds(100));
        var preemptor = engine.Enqueue(Job("a-job", "a", 5, submitSeconds: 200));
        engine.Enqueue(Job("a-small", "a", 1, submitSeconds: 201));

        var cycle = engine.RunCycle(TimeSpan.FromSeconds(200));

        // a-small fits the 3 GPUs a still has, so only 2 more are needed for a-job after it.
        Assert.Equal("a-small", Assert.Single(cycle.Admitted).Job.Id);
        Assert.Equal(3, cycle.Evictions.Count);
        Assert.All(cycle.Evictions, e => Assert.True(e.Reclaim));
        Assert.All(cycle.Evictions, e => Assert.Equal("a-job", e.PreemptorId));
        Assert.Equal(HoldReason.Preempting, preemptor.Hold!.Reason);
    }

    [Fact]
    public void Reclaim_TakesMostRecentFirst()
    {
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(2)) with { Preemption = ReclaimAny }, Queue("b", "c", Quota(1))]);
        engine.Enqueue(Job("b-old", "b", 1, submitSeconds: 0));
        engine.RunCycle(TimeSpan.FromSeconds(0));
        engine.Enqueue(Job("b-new", "b", 1, submitSeconds: 10));
        engine.RunCycle(TimeSpan.FromSeconds(10));
        engine.Enqueue(Job("b-newest", "b", 1, submitSeconds: 20));
        engine.RunCycle(TimeSpan.FromSeconds(20));
        engine.Enqueue(Job("a-job", "a", 2, submitSeconds: 30));

        var cycle = engine.RunCycle(TimeSpan.FromSeconds(30));

        Assert.Equal(["b-new", "b-newest"], cycle.Evictions.Select(e => e.Victim.Job.Id).Order());
    }

    [Fact]
    public void WithinQueue_EvictsLowerPriorityOnly()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(4)) with { Preemption = WithinLower }]);
        engine.Enqueue(Job("low", "a", 2, priority: 0));
        engine.Enqueue(Job("same", "a", 2, priority: 5, submitSeconds: 1));
        engine.RunCycle();
        engine.Enqueue(Job("high", "a", 2, priority: 5, submitSeconds: 2));

        var cycle = engine.RunCycle(TimeSpan.FromSeconds(2));

        var eviction = Assert.Single(cycle.Evictions);
        Assert.Equal("low", eviction.Victim.Job.Id);
        Assert.False(eviction.Reclaim);
    }

    [Fact]
    public void NoPolicy_EvictsNothing()
    {
        var engine = Engine(BigCluster(), [Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);
        engine.Enqueue(Job("b-all", "b", 21));
        engine.RunCycle();
        engine.Enqueue(Job("a-job", "a", 1, priority: 100, submitSeconds: 1));

        Assert.Empty(engine.RunCycle(TimeSpan.FromSeconds(1)).Evictions);
    }

    [Fact]
    public void InadmissibleJob_EvictsNothing()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(4)) with { Preemption = WithinLower }]);
        engine.Enqueue(Job("low", "a", 4));
        engine.RunCycle();
        var huge = engine.Enqueue(Job("huge", "a", 5, priority: 9, submitSeconds: 1));

        var cycle = engine.RunCycle(TimeSpan.FromSeconds(1));

        Assert.Empty(cycle.Evictions);
        Assert.Equal(HoldReason.Inadmissible, huge.Hold!.Reason);
    }

    [Fact]
    public void UselessEviction_NotStarted()
    {
        // Evicting every lower-priority job would free 2 GPUs; the preemptor needs 3 on one
        // queue with quota 4 and 2 GPUs of equal priority in use, so nothing is evicted.
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(4)) with { Preemption = WithinLower }]);
        engine.Enqueue(Job("low", "a", 2, priority: 0));
        engine.Enqueue(Job("peer", "a", 2, priority: 5, submitSeconds: 1));
        engine.RunCycle();
        engine.Enqueue(Job("big", "a", 3, priority: 5, submitSeconds: 2));

        Assert.Empty(engine.RunCycle(TimeSpan.FromSeconds(2)).Evictions);
    }

    [Fact]
    public void InFlightEvictions_NotRepeated()
    {
        var engine = Engine(BigCluster(), [Queue("a", string.Empty, Quota(4)) with { Preemption = WithinLower }]);
        engine.Enqueue(Job("low", "a", 4, priority: 0));
        engine.RunCycle();
        engine.Enqueue(Job("high", "a", 4, priority: 5, submitSeconds: 1));

        var first = engine.RunCycle(TimeSpan.FromSeconds(1));
        var second = engine.RunCycle(TimeSpan.FromSeconds(2));

        Assert.Single(first.Evictions);
        Assert.Empty(second.Evictions);
    }

    [Fact]
    public void Victim_NeverEvictedTwiceForSamePreemptor()
    {
        // The victim comes back while the preemptor is still blocked on placement; it must not
        // be evicted for the same preemptor again.
        var cluster = new ClusterState([GpuNode("n0", 8)]);
        var engine = Engine(cluster, [Queue("a", string.Empty, Quota(16)) with { Preemption = WithinLower }]);
        engine.Enqueue(Job("low", "a", 4, priority: 0));
        engine.Enqueue(Job("other", "a", 4, priority: 0, submitSeconds: 1));
        engine.RunCycle();
        engine.Enqueue(Job("high", "a", 8, priority: 5, submitSeconds: 2));
        var first = engine.RunCycle(TimeSpan.FromSeconds(2));
        Assert.Equal(2, first.Evictions.Count);

        // Only "low" is released; the preemptor waits for "other" and "low" is requeued.
        engine.Complete(first.Evictions.Single(e => e.Victim.Job.Id == "low").Victim, succeeded: false);
        engine.Enqueue(Job("low", "a", 4, priority: 0), TimeSpan.FromSeconds(3));
        var second = engine.RunCycle(TimeSpan.FromSeconds(3));
        Assert.Equal("low", Assert.Single(second.Admitted).Job.Id);

        // "other" goes too; "low" runs again and is the only candidate, but was evicted for "high" once.
        engine.Complete(first.Evictions.Single(e => e.Victim.Job.Id == "other").Victim, succeeded: false);
        var third = engine.RunCycle(TimeSpan.FromSeconds(4));

        Assert.Empty(third.Evictions);
    }
}
