using ClusterSim.Simulation.Checkpointing;
using ScottPlot;

namespace ClusterSim.Reporting.Checkpointing;

/// <summary>Draws expected slowdown against checkpoint interval, with the classic intervals marked.</summary>
public static class CheckpointChart
{
    public static void Save(CheckpointModel model, string path, IReadOnlyList<(double Minutes, double Slowdown)>? simulated = null)
    {
        var optimum = model.Optimum.TotalMinutes;
        var low = Math.Max(0.05 * optimum, 0.01);
        var high = 5 * optimum;
        var minutes = Enumerable.Range(0, 400).Select(i => low + ((high - low) * i / 399)).ToArray();
        var plot = new Plot();
        var curve = plot.Add.Scatter(minutes, [.. minutes.Select(m => model.Slowdown(TimeSpan.FromMinutes(m)))]);
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LegendText = "expected slowdown (Daly 2006)";

        Mark(plot, model.Young.TotalMinutes, "Young", Colors.Orange);
        Mark(plot, model.DalyFirstOrder.TotalMinutes, "Daly, first order", Colors.Purple);
        Mark(plot, model.DalyHigherOrder.TotalMinutes, "Daly, higher order", Colors.Green);
        Mark(plot, optimum, "optimum", Colors.Red);
        if (simulated is { Count: > 0 })
        {
            double[] xs = [.. simulated.Select(s => s.Minutes)];
            double[] ys = [.. simulated.Select(s => s.Slowdown)];
            var points = plot.Add.ScatterPoints(xs, ys, Colors.Black);
            points.LegendText = "simulated mean";
            points.MarkerSize = 7;
        }

        plot.Title($"Checkpoint interval: C = {model.CheckpointCost.TotalMinutes:0.##} min, R = {model.RestartCost.TotalMinutes:0.##} min, job MTBF = {model.JobMtbf.TotalHours:0.###} h");
        plot.XLabel("checkpoint interval (minutes of compute)");
        plot.YLabel("expected wall time / failure-free time");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 600);
    }

    private static void Mark(Plot plot, double minutes, string label, Color color)
    {
        var line = plot.Add.VerticalLine(minutes, 1, color);
        line.LegendText = $"{label}: {minutes:0.#} min";
        line.LinePattern = LinePattern.Dashed;
    }
}
