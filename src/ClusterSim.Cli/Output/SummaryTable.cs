using System.Globalization;
using ClusterSim.Policies;
using ClusterSim.Reporting.Openb;

namespace ClusterSim.Cli.Output;

/// <summary>Prints a study's per-policy summary as a text table on standard output.</summary>
public static class SummaryTable
{
    public static void Write(TextWriter stdout, OpenbStudyResult study)
    {
        var header = new[] { "policy", "seeds", "alloc@100 %", "alloc@end %", "frag@end %", "failed pods", "unallocated GPUs" };
        var rows = study.Summaries.Select(s => new[]
        {
            s.Policy,
            s.Seeds.ToString(CultureInfo.InvariantCulture),
            MeanStd(s.AllocatedAt100),
            MeanStd(s.AllocatedAtEnd),
            MeanStd(s.FragmentedAtEnd),
            MeanStd(s.FailedPods, "F1"),
            MeanStd(s.UnallocatedGpusAtEnd, "F1"),
        }).ToList();

        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        stdout.WriteLine(Line(header, widths));
        stdout.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            stdout.WriteLine(Line(row, widths));
        }

        WriteHeadline(stdout, study);
    }

    /// <summary>
    /// Compares FGD with every other policy by the GPU capacity left unallocated at the end,
    /// the FGD paper's headline measure.
    /// </summary>
    private static void WriteHeadline(TextWriter stdout, OpenbStudyResult study)
    {
        var fgd = study.Summaries.FirstOrDefault(s => s.Policy == PolicyNames.Fgd);
        if (fgd is null)
        {
            return;
        }

        foreach (var other in study.Summaries.Where(s => s.Policy != PolicyNames.Fgd))
        {
            var saved = other.UnallocatedGpusAtEnd.Mean - fgd.UnallocatedGpusAtEnd.Mean;
            var share = other.UnallocatedGpusAtEnd.Mean == 0 ? 0 : 100 * saved / other.UnallocatedGpusAtEnd.Mean;
            var (more, fewer) = saved >= 0 ? ("more", "fewer") : ("fewer", "more");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fgd vs {other.Policy}: {Math.Abs(saved):F1} {more} GPUs allocated at the end, {Math.Abs(share):F1} % {fewer} unallocated GPUs"));
        }
    }

    private static string MeanStd(SeedStatistic statistic, string format = "F2")
    {
        if (double.IsNaN(statistic.Mean))
        {
            return "n/a";
        }

        var mean = statistic.Mean.ToString(format, CultureInfo.InvariantCulture);
        return double.IsNaN(statistic.StandardDeviation)
            ? mean
            : $"{mean} ± {statistic.StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
}
