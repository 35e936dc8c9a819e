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
