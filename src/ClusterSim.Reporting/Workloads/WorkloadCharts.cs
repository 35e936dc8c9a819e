using ClusterSim.Core.Workloads;
using ClusterSim.Simulation.Workloads;
using ScottPlot;

namespace ClusterSim.Reporting.Workloads;

/// <summary>Charts of a workload simulation: GPU allocation by queue (stacked), queue length and SLA lateness.</summary>
public static class WorkloadCharts
{
    public const string AllocationFile = "gpu_allocation_by_queue.png";
    public const string QueueLengthFile = "queue_length.png";
    public const string LatenessFile = "sla_lateness.png";
    private const int Width = 1100;
    private const int Height = 600;

    public static void Save(WorkloadResult result, string directory, string title)
    {
        var queues = result.Model.ClusterQueues.Select(q => q.Name).ToList();
        var times = result.Samples.Select(s => s.Time).Distinct().OrderBy(t => t).ToArray();
        var hours = times.Select(t => t.TotalHours).ToArray();
        var byQueue = result.Samples.ToLookup(s => s.ClusterQueue);
        var palette = new ScottPlot.Palettes.Category10();

        // Stacked allocation: each queue's band lies between the running total before and after it.
        var allocation = new Plot();
        var lower = new double[times.Length];
        for (var q = 0; q < queues.Count; q++)
        {
            var values = byQueue[queues[q]].OrderBy(s => s.Time).Select(s => s.AllocatedGpuMilli / 1000.0).ToArray();
            var upper = lower.Zip(values, (a, b) => a + b).ToArray();
            var band = allocation.Add.FillY(hours, upper, lower);
            band.FillColor = palette.GetColor(q).WithAlpha(0.6);
            band.LineColor = palette.GetColor(q);
            band.LegendText = queues[q];
            lower = upper;
        }

        Finish(allocation, $"{title}: GPUs allocated by ClusterQueue", "GPUs allocated", Path.Combine(directory, AllocationFile));

        var length = new Plot();
        for (var q = 0; q < queues.Count; q++)
        {
            var line = length.Add.Scatter(hours, byQueue[queues[q]].OrderBy(s => s.Time).Select(s => (double)s.PendingJobs).ToArray(), palette.GetColor(q));
            line.MarkerSize = 0;
            line.LegendText = queues[q];
        }

        Finish(length, $"{title}: pending jobs by ClusterQueue", "pending jobs", Path.Combine(directory, QueueLengthFile));

        var lateness = new Plot();
        var horizon = result.Model.Horizon;
        var pipelines = result.Jobs.Where(j => j.Job.Kind == JobKind.Production && j.Lateness(horizon) is not null)
            .GroupBy(j => j.Job.Pipeline).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        for (var p = 0; p < pipelines.Count; p++)
        {
            var points = lateness.Add.ScatterPoints(
                pipelines[p].Select(j => j.Job.SubmitTime.TotalHours).ToArray(),
                pipelines[p].Select(j => j.Lateness(horizon)!.Value.TotalHours).ToArray(),
                palette.GetColor(p));
            points.LegendText = pipelines[p].Key;
            points.MarkerSize = 6;
        }

        lateness.Add.HorizontalLine(0, 1, Colors.Red);
        Finish(lateness, $"{title}: production lateness (above 0 = SLA missed)", "finish minus deadline (hours)", Path.Combine(directory, LatenessFile));
    }

    private static void Finish(Plot plot, string title, string yLabel, string path)
    {
        plot.Title(title);
        plot.XLabel("simulated time (hours)");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }
}
