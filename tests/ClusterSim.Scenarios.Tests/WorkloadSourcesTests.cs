using ClusterSim.Core.Workloads;
using ClusterSim.Simulation.Workloads.Sources;

namespace ClusterSim.Scenarios.Tests;

public class WorkloadSourcesTests
{
    private const string ArtifactTemplate = "s3://models/{pipeline}/{partition}";
    private static readonly DateOnly Start = new(2026, 1, 5);
    private static readonly WorkerShape EightGpus = new(8, 64_000, 524_288, string.Empty);

    [Fact]
    public void Daily_OneJobPerDay()
    {
        var jobs = ExpandDaily(Daily(), TimeSpan.FromDays(3));

        Assert.Equal(["ranker-2026-01-05", "ranker-2026-01-06", "ranker-2026-01-07"], jobs.Select(j => j.Id));
    }

    [Fact]
    public void Daily_PartitionIsDate()
    {
        var jobs = ExpandDaily(Daily(), TimeSpan.FromDays(3));

        Assert.Equal(["2026-01-05", "2026-01-06", "2026-01-07"], jobs.Select(j => j.Partition));
    }

    [Fact]
    public void Daily_SubmitIsDayPlusAt()
    {
        var jobs = ExpandDaily(Daily(), TimeSpan.FromDays(3));

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(25), TimeSpan.FromHours(49)], jobs.Select(j => j.SubmitTime));
    }

    [Fact]
    public void Daily_DeadlineIsDayPlusDeadline()
    {
        var jobs = ExpandDaily(Daily(), TimeSpan.FromDays(3));

        Assert.Equal<TimeSpan?>([TimeSpan.FromHours(6), TimeSpan.FromHours(30), TimeSpan.FromHours(54)], jobs.Select(j => j.Deadline));
    }

    [Fact]
    public void Daily_DeadlinePastMidnight()
    {
        var jobs = ExpandDaily(Daily() with { Deadline = TimeSpan.FromHours(30) }, TimeSpan.FromDays(2));

        Assert.Equal<TimeSpan?>([TimeSpan.FromHours(30), TimeSpan.FromHours(54)], jobs.Select(j => j.Deadline));
    }

    [Fact]
    public void Daily_NoDeadline()
    {
        var jobs = ExpandDaily(Daily() with { Deadline = null }, TimeSpan.FromDays(1));

        Assert.Null(Assert.Single(jobs).Deadline);
    }

    [Fact]
    public void Daily_ArtifactTemplateFilled()
    {
        var jobs = ExpandDaily(Daily(), TimeSpan.FromDays(2));

        Assert.Equal(["s3://models/ranker/2026-01-05", "s3://models/ranker/2026-01-06"], jobs.Select(j => j.ArtifactPath));
    }

    [Fact]
    public void Daily_CopiesPipelineSettings()
    {
        var job = Assert.Single(ExpandDaily(Daily(), TimeSpan.FromDays(1)));

        Assert.Equal(JobKind.Production, job.Kind);
        Assert.Equal("prod", job.Namespace);
        Assert.Equal("ranker", job.Pipeline);
        Assert.Equal("daily-training", job.ConcurrencyGroup);
        Assert.Equal(5, job.Priority);
        Assert.Equal(TimeSpan.FromHours(3), job.Duration);
        Assert.Equal(4, job.Workers);
        Assert.Equal("ranker-2026-01-05", job.Worker.Name);
        Assert.Equal(8, job.Worker.GpuCount);
        Assert.Equal(1000, job.Worker.GpuMilli);
        Assert.Equal(32_000, job.TotalGpuMilli);
    }

    [Fact]
    public void Daily_DatesCrossYearEnd()
    {
        var jobs = WorkloadSources.Expand(new DateOnly(2025, 12, 30), TimeSpan.FromDays(4), 1, [Daily()], [], []);

        Assert.Equal(["ranker-2025-12-30", "ranker-2025-12-31", "ranker-2026-01-01", "ranker-2026-01-02"], jobs.Select(j => j.Id));
    }

    [Fact]
    public void Daily_StopsAtHorizon()
    {
        var jobs = ExpandDaily(Daily() with { SubmitAt = TimeSpan.FromHours(23) }, TimeSpan.FromHours(30));

        Assert.Equal(["ranker-2026-01-05"], jobs.Select(j => j.Id));
    }

    [Fact]
    public void Daily_FirstDayAndDays()
    {
        var jobs = ExpandDaily(Daily() with { FirstDay = 2, Days = 2 }, TimeSpan.FromDays(10));

        Assert.Equal(["ranker-2026-01-07", "ranker-2026-01-08"], jobs.Select(j => j.Id));
        Assert.Equal(TimeSpan.FromHours(49), jobs[0].SubmitTime);
    }

    [Fact]
    public void Backfill_OneJobPerDay()
    {
        var jobs = ExpandBackfill(Backfill(newestFirst: false));

        Assert.Equal(["rerun-2025-12-01", "rerun-2025-12-02", "rerun-2025-12-03"], jobs.Select(j => j.Id));
        Assert.Equal(["2025-12-01", "2025-12-02", "2025-12-03"], jobs.Select(j => j.Partition));
    }

    [Fact]
    public void Backfill_NewestFirstReversed()
    {
        var jobs = ExpandBackfill(Backfill(newestFirst: true));

        Assert.Equal(["rerun-2025-12-03", "rerun-2025-12-02", "rerun-2025-12-01"], jobs.Select(j => j.Id));
    }

    [Fact]
    public void Backfill_AllSubmittedTogether()
    {
        var jobs = ExpandBackfill(Backfill(newestFirst: false));

        Assert.All(jobs, j => Assert.Equal(new TimeSpan(6, 9, 0, 0), j.SubmitTime));
        Assert.All(jobs, j => Assert.Null(j.Deadline));
    }

    [Fact]
    public void Backfill_ArtifactUsesPipeline()
    {
        var jobs = ExpandBackfill(Backfill(newestFirst: false));

        Assert.Equal("s3://models/ranker/2025-12-01", jobs[0].ArtifactPath);
        Assert.Equal("ranker", jobs[0].Pipeline);
        Assert.Equal(JobKind.Backfill, jobs[0].Kind);
        Assert.Equal("reruns", jobs[0].ConcurrencyGroup);
    }

    [Fact]
    public void Backfill_IncludesLeapDay()
    {
        var backfill = Backfill(newestFirst: false) with { From = new DateOnly(2024, 2, 28), To = new DateOnly(2024, 3, 1) };

        var jobs = ExpandBackfill(backfill);

        Assert.Equal(["2024-02-28", "2024-02-29", "2024-03-01"], jobs.Select(j => j.Partition));
    }

    [Fact]
    public void Backfill_SingleDay()
    {
        var backfill = Backfill(newestFirst: true) with { To = new DateOnly(2025, 12, 1) };

        var job = Assert.Single(ExpandBackfill(backfill));

        Assert.Equal("rerun-2025-12-01", job.Id);
    }

    [Fact]
    public void Poisson_SameSeedSameJobs()
    {
        var first = ExpandPoisson(Poisson(), TimeSpan.FromDays(30), seed: 7);
        var second = ExpandPoisson(Poisson(), TimeSpan.FromDays(30), seed: 7);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Poisson_OtherSeedOtherTimes()
    {
        var first = ExpandPoisson(Poisson(), TimeSpan.FromDays(30), seed: 7);
        var second = ExpandPoisson(Poisson(), TimeSpan.FromDays(30), seed: 8);

        Assert.NotEqual(first.Select(j => j.SubmitTime), second.Select(j => j.SubmitTime));
    }

    [Fact]
    public void Poisson_OtherSourcesDoNotShiftStream()
    {
        var alone = ExpandPoisson(Poisson(), TimeSpan.FromDays(30), seed: 7);
        var other = Poisson() with { Name = "other", RatePerHour = 9 };

        var together = WorkloadSources.Expand(Start, TimeSpan.FromDays(30), 7, [Daily()], [Backfill(false)], [other, Poisson()]);

        Assert.Equal(alone, together.Where(j => j.Id.StartsWith("adhoc-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Poisson_CountNearRateTimesHours()
    {
        const double rate = 2.0;
        const double hours = 10_000;
        var expected = rate * hours;

        var jobs = ExpandPoisson(Poisson() with { RatePerHour = rate }, TimeSpan.FromHours(hours), seed: 11);

        // A Poisson count has standard deviation sqrt(mean). A correct generator lands more than
        // five of them away from the mean for about one seed in 1.7 million.
        var bound = 5 * Math.Sqrt(expected);
        Assert.InRange(jobs.Count, expected - bound, expected + bound);
    }

    [Fact]
    public void Poisson_MedianDurationNearMedian()
    {
        const double sigma = 0.8;
        var median = TimeSpan.FromHours(2);

        var jobs = ExpandPoisson(Poisson() with { DurationSigma = sigma, MedianDuration = median }, TimeSpan.FromHours(10_000), seed: 3);

        // The logs of the run times are normal, and the median of n normal draws has standard
        // deviation about sqrt(pi / 2) * sigma / sqrt(n). The test allows five of them.
        var logs = jobs.Select(j => Math.Log(j.Duration.TotalSeconds)).Order().ToArray();
        var sampleMedian = logs[logs.Length / 2];
        var bound = 5 * Math.Sqrt(Math.PI / 2) * sigma / Math.Sqrt(logs.Length);
        Assert.InRange(sampleMedian - Math.Log(median.TotalSeconds), -bound, bound);
    }

    [Fact]
    public void Poisson_IdsNumberedInOrder()
    {
        var jobs = ExpandPoisson(Poisson(), TimeSpan.FromDays(2), seed: 7);

        Assert.Equal("adhoc-000000", jobs[0].Id);
        Assert.Equal("adhoc-000001", jobs[1].Id);
        Assert.Equal(jobs.Select(j => j.SubmitTime).Order(), jobs.Select(j => j.SubmitTime));
    }

    [Fact]
    public void Poisson_StaysInsideWindow()
    {
        var window = Poisson() with { RatePerHour = 50, From = TimeSpan.FromHours(10), Until = TimeSpan.FromHours(20) };

        var jobs = ExpandPoisson(window, TimeSpan.FromHours(100), seed: 7);

        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.InRange(j.SubmitTime, TimeSpan.FromHours(10), TimeSpan.FromHours(20)));
    }

    [Fact]
    public void Poisson_StopsAtHorizon()
    {
        var jobs = ExpandPoisson(Poisson() with { RatePerHour = 50 }, TimeSpan.FromHours(5), seed: 7);

        Assert.All(jobs, j => Assert.InRange(j.SubmitTime, TimeSpan.Zero, TimeSpan.FromHours(5)));
    }

    [Fact]
    public void Poisson_BatchJobsWithoutPartition()
    {
        var job = ExpandPoisson(Poisson(), TimeSpan.FromDays(2), seed: 7)[0];

        Assert.Equal(JobKind.Batch, job.Kind);
        Assert.Equal("research", job.Namespace);
        Assert.Equal(string.Empty, job.Partition);
        Assert.Equal(string.Empty, job.ArtifactPath);
        Assert.Null(job.Deadline);
    }

    [Fact]
    public void Artifact_FillsBothPlaceholders()
    {
        var path = WorkloadSources.Artifact("{pipeline}/{partition}/{pipeline}.bin", "ctr", "2026-01-05");

        Assert.Equal("ctr/2026-01-05/ctr.bin", path);
    }

    private static DailyPipeline Daily() =>
        new("ranker", "prod", 5, TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(3), 4, EightGpus,
            ArtifactTemplate, "daily-training", 0, null);

    private static HistoricalBackfill Backfill(bool newestFirst) =>
        new("rerun", "ranker", "backfill", 0, new TimeSpan(6, 9, 0, 0), new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 3),
            newestFirst, TimeSpan.FromHours(5), 6, EightGpus, ArtifactTemplate, "reruns");

    private static PoissonJobs Poisson() =>
        new("adhoc", "research", 0, 1.5, TimeSpan.Zero, TimeSpan.MaxValue, TimeSpan.FromHours(2), 0.8, 1, new WorkerShape(4, 32_000, 262_144, string.Empty));

    private static IReadOnlyList<JobSpec> ExpandDaily(DailyPipeline pipeline, TimeSpan horizon) =>
        WorkloadSources.Expand(Start, horizon, 1, [pipeline], [], []);

    private static IReadOnlyList<JobSpec> ExpandBackfill(HistoricalBackfill backfill) =>
        WorkloadSources.Expand(Start, TimeSpan.FromDays(28), 1, [], [backfill], []);

    private static IReadOnlyList<JobSpec> ExpandPoisson(PoissonJobs generator, TimeSpan horizon, int seed) =>
        WorkloadSources.Expand(Start, horizon, seed, [], [], [generator]);
}
