using ClusterSim.Simulation.Faults;
using static ClusterSim.Scenarios.Tests.TinyScenario;

namespace ClusterSim.Scenarios.Tests;

/// <summary>Settings that are valid alone but contradict each other, most likely by a typo.</summary>
public class ScenarioConsistencyTests
{
    private const string Limit = "horizon: 2d\nadmission:\n  concurrencyLimits:\n    - group: reruns\n      maxActive: 3\n";

    [Fact]
    public void LimitWithoutWorkload_Rejected()
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Load(With("horizon: 2d\n", Limit))).Errors);

        Assert.Equal("admission", error.Field);
        Assert.Equal("the concurrency limit for group 'reruns' applies to no workload; set concurrencyGroup: reruns on a workload or correct the name", error.Problem);
    }

    [Fact]
    public void GroupWithoutLimit_Rejected()
    {
        var text = With("      to: 2025-12-03\n", "      to: 2025-12-03\n      concurrencyGroup: rerun\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Load(text)).Errors);

        Assert.Equal("workloads", error.Field);
        Assert.StartsWith("concurrencyGroup 'rerun' has no limit under admission.concurrencyLimits;", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchingGroup_Accepted()
    {
        var text = Replace(With("horizon: 2d\n", Limit), "      to: 2025-12-03\n", "      to: 2025-12-03\n      concurrencyGroup: reruns\n");

        Assert.Equal(3, Load(text).Admission.ConcurrencyLimits["reruns"]);
    }
}

/// <summary>Named workload priorities, like Kueue's WorkloadPriorityClasses.</summary>
public class PriorityClassTests
{
    private const string Classes = "horizon: 2d\npriorityClasses:\n  - name: urgent\n    value: 90\n";

    [Fact]
    public void ClassName_GivesItsValue()
    {
        var text = Replace(With("horizon: 2d\n", Classes), "      to: 2025-12-03\n", "      to: 2025-12-03\n      priority: urgent\n");

        Assert.Equal(90, Load(text).Backfills[0].Priority);
    }

    [Fact]
    public void UnknownClass_Rejected()
    {
        var text = Replace(With("horizon: 2d\n", Classes), "      to: 2025-12-03\n", "      to: 2025-12-03\n      priority: critical\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Load(text)).Errors);

        Assert.Equal("workloads.backfills[0].priority", error.Field);
        Assert.Equal("value 'critical' is not a whole number or a priority class (urgent)", error.Problem);
    }

    [Fact]
    public void DuplicateClass_Rejected()
    {
        var text = With("horizon: 2d\n", Classes + "  - name: urgent\n    value: 80\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Load(text)).Errors);

        Assert.Equal("priorityClasses[1].name", error.Field);
    }
}

/// <summary>The fault and checkpoint sections of a scenario.</summary>
public class FaultSectionTests
{
    [Fact]
    public void Faults_Read()
    {
        var faults = "horizon: 2d\nfaults:\n  nodeFailures:\n    mtbfPerGpu: 50000h\n    distribution: weibull\n    weibullShape: 0.7\n    repairTime: 2h\n"
            + "  stragglers:\n    ratePerNodePerDay: 0.5\n    medianDuration: 2h\n  maintenance:\n    - nodes: a100\n      start: 1d\n      duration: 4h\n      every: 7d\n"
            + "  mitigation:\n    policy: evict\n    threshold: 2\n    grace: 5m\n";

        var scenario = Load(With("horizon: 2d\n", faults));

        Assert.Equal(TimeSpan.FromHours(50_000), scenario.Faults.NodeFailures!.MtbfPerGpu);
        Assert.Equal(TimeSpan.FromHours(6_250), scenario.Faults.NodeFailures.NodeMtbf(8));
        Assert.Equal(0.7, scenario.Faults.NodeFailures.WeibullShape);
        Assert.Equal(0.5, scenario.Faults.Stragglers!.RatePerNodePerDay);
        Assert.Equal(TimeSpan.FromDays(7), Assert.Single(scenario.Faults.Maintenance).Every);
        Assert.Equal(2, scenario.Faults.Mitigation.Threshold);
    }

    [Fact]
    public void FailureCauses_Read()
    {
        var faults = "horizon: 2d\nfaults:\n  nodeFailures:\n    mtbfPerNode: 1000h\n    repairTime: 2h\n    causes:\n"
            + "      - name: gpu\n        share: 30\n        repairTime: 4h\n      - name: software\n        share: 13\n";

        var causes = Load(With("horizon: 2d\n", faults)).Faults.NodeFailures!.Causes;

        Assert.Equal(2, causes.Count);
        Assert.Equal(new FailureCause("gpu", 30, TimeSpan.FromHours(4)), causes[0]);
        Assert.Equal(new FailureCause("software", 13, TimeSpan.FromHours(2)), causes[1]);
    }

    [Fact]
    public void BothMtbfs_Rejected()
    {
        var faults = "horizon: 2d\nfaults:\n  nodeFailures:\n    mtbfPerGpu: 50000h\n    mtbfPerNode: 6000h\n";

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Load(With("horizon: 2d\n", faults))).Errors);

        Assert.Equal("faults.nodeFailures.mtbfPerNode", error.Field);
        Assert.Equal("is given together with mtbfPerGpu; give exactly one of them", error.Problem);
    }

    [Fact]
    public void FixedCheckpoint_NeedsInterval()
    {
        var text = With("      to: 2025-12-03\n", "      to: 2025-12-03\n      checkpoint:\n        strategy: fixed\n        cost: 1m\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Load(text)).Errors);

        Assert.Equal("workloads.backfills[0].checkpoint.interval", error.Field);
    }
}
