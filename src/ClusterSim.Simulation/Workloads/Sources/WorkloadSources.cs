using System.Globalization;
using ClusterSim.Core.Workloads;
using ClusterSim.Simulation.Kernel;
using MathNet.Numerics.Distributions;

namespace ClusterSim.Simulation.Workloads.Sources;

/// <summary>Expands workload sources into jobs. The same sources, start date and seed give the same jobs.</summary>
public static class WorkloadSources
{
    /// <summary>Format of partition names: the partition's date.</summary>
    public const string PartitionFormat = "yyyy-MM-dd";

    /// <summary>
    /// Creates the jobs of every source up to <paramref name="horizon"/>. Day 0 is
    /// <paramref name="start"/>; daily partitions are named by their date.
    /// </summary>
    public static IReadOnlyList<JobSpec> Expand(
        DateOnly start, TimeSpan horizon, int seed,
        IEnumerable<DailyPipeline> daily, IEnumerable<HistoricalBackfill> backfills, IEnumerable<PoissonJobs> generators)
    {
        var jobs = new List<JobSpec>();
        foreach (var pipeline in daily)
        {
            var lastDay = pipeline.Days is { } days ? pipeline.FirstDay + days - 1 : (int)Math.Ceiling(horizon.TotalDays);
            for (var day = pipeline.FirstDay; day <= lastDay; day++)
            {
                var dayStart = TimeSpan.FromDays(day);
                var submit = dayStart + pipeline.SubmitAt;
                if (submit > horizon)
                {
                    break;
                }

                var partition = start.AddDays(day).ToString(PartitionFormat, CultureInfo.InvariantCulture);
                var id = $"{pipeline.Pipeline}-{partition}";
                jobs.Add(new JobSpec(id, JobKind.Production, pipeline.Namespace, pipeline.Pipeline, pipeline.ConcurrencyGroup,
                    pipeline.Priority, submit, pipeline.Duration, pipeline.Workers, pipeline.Worker.ToPod(id),
                    pipeline.Deadline is { } deadline ? dayStart + deadline : null,
                    partition, Artifact(pipeline.ArtifactTemplate, pipeline.Pipeline, partition)) { Checkpoint = pipeline.Checkpoint });
            }
        }

        foreach (var backfill in backfills)
        {
            var count = backfill.To.DayNumber - backfill.From.DayNumber + 1;
            for (var i = 0; i < count; i++)
            {
                var date = backfill.NewestFirst ? backfill.To.AddDays(-i) : backfill.From.AddDays(i);
                var partition = date.ToString(PartitionFormat, CultureInfo.InvariantCulture);
                var id = $"{backfill.Name}-{partition}";
                jobs.Add(new JobSpec(id, JobKind.Backfill, backfill.Namespace, backfill.Pipeline, backfill.ConcurrencyGroup,
                    backfill.Priority, backfill.SubmitAt, backfill.Duration, backfill.Workers, backfill.Worker.ToPod(id),
                    null, partition, Artifact(backfill.ArtifactTemplate, backfill.Pipeline, partition)) { Checkpoint = backfill.Checkpoint });
            }
        }

        var streams = new RandomStreams(seed);
        foreach (var generator in generators)
        {
            var random = streams.Create($"generator:{generator.Name}");
            var gaps = new Exponential(generator.RatePerHour / 3600.0, random);
            var durations = new LogNormal(Math.Log(generator.MedianDuration.TotalSeconds), generator.DurationSigma, random);
            var time = generator.From;
            for (var n = 0; ; n++)
            {
                time += TimeSpan.FromSeconds(Math.Round(gaps.Sample(), 3));
                if (time > generator.Until || time > horizon)
                {
                    break;
                }

                var id = $"{generator.Name}-{n:D6}";
                var duration = TimeSpan.FromSeconds(Math.Max(1, Math.Round(durations.Sample())));
                jobs.Add(new JobSpec(id, JobKind.Batch, generator.Namespace, string.Empty, string.Empty, generator.Priority,
                    time, duration, generator.Workers, generator.Worker.ToPod(id), null, string.Empty, string.Empty) { Checkpoint = generator.Checkpoint });
            }
        }

        return jobs;
    }

    /// <summary>Fills {pipeline} and {partition} in an artifact path template.</summary>
    public static string Artifact(string template, string pipeline, string partition) =>
        template.Replace("{pipeline}", pipeline, StringComparison.Ordinal).Replace("{partition}", partition, StringComparison.Ordinal);
}
