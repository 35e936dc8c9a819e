using ClusterSim.Policies;
using ScottPlot;

namespace ClusterSim.Reporting.Openb;

/// <summary>Draws allocated GPU against arrived workload, one line per policy (mean over seeds).</summary>
public static class AllocationChart
{
    public const int WidthPixels = 1000;
    public const int HeightPixels = 650;

    public static void Save(OpenbStudyResult study, string path, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];
        for (var i = 0; i < study.Policies.Count; i++)
        {
            // Colour and pattern follow the policy, not its position in --policies, so charts
            // of different runs read alike; the patterns keep overlapping curves visible.
            var policy = study.Policies[i];
            var style = PolicyNames.All.ToList().IndexOf(policy) is var index and >= 0 ? index : i;
            var curve = study.MeanAllocationCurve(policy);
            if (curve.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                curve.Select(p => (double)p.ArrivedPercent).ToArray(),
                curve.Select(p => p.AllocatedPercent).ToArray(),
                palette.GetColor(style));
            line.LegendText = policy;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LinePattern = patterns[style % patterns.Length];
        }

        plot.Title(title);
        plot.XLabel("Arrived workload (% of cluster GPU capacity)");
        plot.YLabel("Allocated GPU (% of cluster GPU capacity)");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, WidthPixels, HeightPixels);
    }
}
