using System.Globalization;
using CsvHelper;

namespace ClusterSim.Reporting.Openb;

/// <summary>Writes a study's CSV tables; docs/outputs.md documents each column and its unit.</summary>
public static class OpenbReportWriter
{
    public const string AllocationFile = "allocation.csv";
    public const string FragmentationFile = "fragmentation.csv";
    public const string FailedPodsFile = "failed_pods.csv";
    public const string SummaryFile = "summary.csv";
    public const string ChartFile = "allocation.png";

    /// <summary>Writes every table of <paramref name="study"/> into <paramref name="directory"/>.</summary>
    public static void WriteTables(OpenbStudyResult study, string directory)
    {
        WriteCsv(Path.Combine(directory, AllocationFile), ["policy", "seed", "arrived_gpu_percent", "allocated_gpu_percent"], csv =>
        {
            ForEachPoint(study, (run, point) => Row(csv, run.Policy, run.Seed, point.ArrivedPercent, point.AllocatedPercent));
        });

        WriteCsv(Path.Combine(directory, FragmentationFile),
            ["policy", "seed", "arrived_gpu_percent", "fragmented_gpu_percent", "fragmentation_ratio_percent"], csv =>
        {
            ForEachPoint(study, (run, point) =>
                Row(csv, run.Policy, run.Seed, point.ArrivedPercent, point.FragmentedPercent, point.FragmentationRatioPercent));
        });

        WriteCsv(Path.Combine(directory, FailedPodsFile),
            ["policy", "seed", "pod", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "reason"], csv =>
        {
            foreach (var run in study.Runs)
            {
                foreach (var failed in run.FailedPods)
                {
                    var pod = failed.Pod;
                    Row(csv, run.Policy, run.Seed, pod.Name, pod.CpuMilli, pod.MemoryMib, pod.GpuCount, pod.GpuMilli, pod.GpuModels, failed.Reason);
                }
            }
        });

        WriteCsv(Path.Combine(directory, SummaryFile), SummaryColumns, csv =>
        {
            foreach (var s in study.Summaries)
            {
                Row(csv, s.Policy, s.Seeds,
                    Round(s.AllocatedAt100.Mean), Round(s.AllocatedAt100.StandardDeviation),
                    Round(s.AllocatedAtEnd.Mean), Round(s.AllocatedAtEnd.StandardDeviation),
                    Round(s.FragmentedAt100.Mean), Round(s.FragmentedAt100.StandardDeviation),
                    Round(s.FragmentedAtEnd.Mean), Round(s.FragmentedAtEnd.StandardDeviation),
                    Round(s.FailedPods.Mean), Round(s.FailedPods.StandardDeviation),
                    Round(s.UnallocatedGpusAtEnd.Mean), Round(s.UnallocatedGpusAtEnd.StandardDeviation));
            }
        });
    }

    public static readonly IReadOnlyList<string> SummaryColumns =
    [
        "policy", "seeds",
        "allocated_gpu_percent_at_100_mean", "allocated_gpu_percent_at_100_std",
        "allocated_gpu_percent_at_end_mean", "allocated_gpu_percent_at_end_std",
        "fragmented_gpu_percent_at_100_mean", "fragmented_gpu_percent_at_100_std",
        "fragmented_gpu_percent_at_end_mean", "fragmented_gpu_percent_at_end_std",
        "failed_pods_mean", "failed_pods_std",
        "unallocated_gpus_at_end_mean", "unallocated_gpus_at_end_std",
    ];

    /// <summary>Summary statistics keep 4 decimals, more than the 2-decimal inputs justify.</summary>
    private static double Round(double value) => double.IsNaN(value) ? value : Math.Round(value, 4, MidpointRounding.ToEven);

    private static void ForEachPoint(OpenbStudyResult study, Action<Simulation.Openb.OpenbRunResult, DiscretePoint> write)
    {
        for (var i = 0; i < study.Runs.Count; i++)
        {
            foreach (var point in study.Curves[i])
            {
                write(study.Runs[i], point);
            }
        }
    }

    private static void WriteCsv(string path, IReadOnlyList<string> header, Action<CsvWriter> writeRows)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        writeRows(csv);
    }

    private static void Row(CsvWriter csv, params object[] fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field switch
            {
                double d when double.IsNaN(d) => string.Empty,
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => field.ToString(),
            });
        }

        csv.NextRecord();
    }
}
