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
