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
        for (var i = 0; i < study.Policies.Count; i++)
        {
            var policy = study.Policies[i];
            var curve = study.MeanAllocationCurve(policy);
            if (curve.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                curve.Select(p => (double)p.ArrivedPercent).ToArray(),
                curve.Select(p => p.AllocatedPercent).ToArray(),
                palette.GetColor(i));
            line.LegendText = policy;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }

        plot.Title(title);
        plot.XLabel("Arrived workload (% of cluster GPU capacity)");
        plot.YLabel("Allocated GPU (% of cluster GPU capacity)");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, WidthPixels, HeightPixels);
    }
}
