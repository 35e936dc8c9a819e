using ClusterSim.Simulation.Openb;
using MathNet.Numerics.Statistics;

namespace ClusterSim.Reporting.Openb;

/// <summary>The runs of a study with their discretised curves and per-policy summaries.</summary>
public sealed class OpenbStudyResult
{
    /// <summary>Arrived percentage at which the study's midpoint statistics are taken.</summary>
    public const int FullLoadPercent = 100;

    public OpenbStudyResult(IReadOnlyList<string> policies, IReadOnlyList<OpenbRunResult> runs, int maxPercent)
    {
        Policies = policies;
        Runs = runs;
        Curves = runs.Select(r => OpenbDiscretiser.Discretise(r, maxPercent)).ToList();
        Summaries = policies.Select(Summarise).ToList();
    }

    /// <summary>Policies in the order they were requested.</summary>
    public IReadOnlyList<string> Policies { get; }

    /// <summary>Runs ordered by policy, then seed.</summary>
    public IReadOnlyList<OpenbRunResult> Runs { get; }

    /// <summary>Discretised curve of each run, indexed like <see cref="Runs"/>.</summary>
    public IReadOnlyList<IReadOnlyList<DiscretePoint>> Curves { get; }

    public IReadOnlyList<PolicySummary> Summaries { get; }

    /// <summary>Returns the mean allocated percentage over seeds at each arrived percentage of <paramref name="policy"/>.</summary>
    public IReadOnlyList<(int ArrivedPercent, double AllocatedPercent)> MeanAllocationCurve(string policy)
    {
        var curves = Runs.Select((run, i) => (run, i)).Where(p => p.run.Policy == policy).Select(p => Curves[p.i]);
        return curves
            .SelectMany(c => c)
            .GroupBy(p => p.ArrivedPercent)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Select(p => p.AllocatedPercent).Mean()))
            .ToList();
    }

    private PolicySummary Summarise(string policy)
    {
        var indices = Enumerable.Range(0, Runs.Count).Where(i => Runs[i].Policy == policy).ToList();
        SeedStatistic Over(Func<int, double> value)
        {
            var values = indices.Select(value).Where(v => !double.IsNaN(v)).ToArray();
            return values.Length switch
            {
                0 => new SeedStatistic(double.NaN, double.NaN),
                // A sample standard deviation needs two values.
                1 => new SeedStatistic(values[0], double.NaN),
                _ => new SeedStatistic(values.Mean(), values.StandardDeviation()),
            };
        }

        double At100(int i, Func<DiscretePoint, double> value) =>
            Curves[i].FirstOrDefault(p => p.ArrivedPercent == FullLoadPercent) is { } point ? value(point) : double.NaN;

        double Final(int i, Func<EventSample, OpenbRunResult, double> value) =>
            Runs[i].Samples.Count == 0 ? double.NaN : value(Runs[i].Samples[^1], Runs[i]);

        return new PolicySummary(
            policy,
            indices.Count,
            Over(i => At100(i, p => p.AllocatedPercent)),
            Over(i => Final(i, (s, r) => 100.0 * s.AllocatedGpuMilli / (r.TotalGpus * 1000.0))),
            Over(i => At100(i, p => p.FragmentedPercent)),
            Over(i => Final(i, (s, r) => 100.0 * s.FragmentedGpuMilli / (r.TotalGpus * 1000.0))),
            Over(i => Runs[i].FailedPods.Count),
            Over(i => Final(i, (s, r) => r.TotalGpus - (s.AllocatedGpuMilli / 1000.0))));
    }
}
