using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Workloads;

namespace ClusterSim.Simulation.Tests.Workloads;

/// <summary>Properties that must hold for any workload, checked on random ones.</summary>
public class WorkloadPropertyTests
{
    private const string Model = "A100";

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EasyBackfill_HeadStartNeverLater(int seed)
    {
        var result = Simulate(RandomJobs(seed, 120), QueueingStrategy.EasyBackfill);

        Assert.NotEmpty(result.Reservations);
        foreach (var group in result.Reservations.GroupBy(r => r.JobId))
        {
            var reserved = group.Select(r => r.ReservedStart).ToList();
            for (var i = 1; i < reserved.Count; i++)
            {
                Assert.True(reserved[i] <= reserved[i - 1], $"{group.Key}: reservation moved from {reserved[i - 1]} to {reserved[i]}");
            }

            var record = result.Jobs.Single(j => j.Job.Id == group.Key);
            Assert.NotNull(record.AdmitTime);
            Assert.True(record.AdmitTime <= reserved[^1], $"{group.Key}: started {record.AdmitTime}, after its reservation {reserved[^1]}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EasyBackfill_StartsSomeJobsEarly(int seed)
    {
        var jobs = RandomJobs(seed, 120);
        var strict = Simulate(jobs, QueueingStrategy.StrictFifo);
        var easy = Simulate(jobs, QueueingStrategy.EasyBackfill);

        // Some job started before one ahead of it: a backfill happened.
        var admitted = easy.Jobs.Where(j => j.AdmitTime is not null).ToList();
        Assert.Contains(admitted.Skip(1).Select((job, i) => job.AdmitTime < admitted.Take(i + 1).Max(a => a.AdmitTime)), passed => passed);

        // EASY may delay jobs other than the head, so a lower mean wait is not guaranteed in
        // general; on these workloads, with holes behind large gangs, it comes out lower.
        Assert.True(MeanWait(easy) < MeanWait(strict), $"EASY {MeanWait(easy)} s, StrictFIFO {MeanWait(strict)} s");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StrictFifo_NothingPassesHead(int seed)
    {
        var result = Simulate(RandomJobs(seed, 120), QueueingStrategy.StrictFifo);

        var admitted = result.Jobs.Where(j => j.AdmitTime is not null).ToList();
        for (var i = 1; i < admitted.Count; i++)
        {
            // Jobs are recorded in submission order, which is the queue order at equal priority.
            Assert.True(admitted[i].AdmitTime >= admitted[i - 1].AdmitTime,
                $"{admitted[i].Job.Id} started at {admitted[i].AdmitTime}, before {admitted[i - 1].Job.Id} at {admitted[i - 1].AdmitTime}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ConcurrencyLimit_NeverExceeded(int seed)
    {
        var jobs = RandomJobs(seed, 150).Select((j, i) => j with { ConcurrencyGroup = i % 3 == 0 ? "etl" : string.Empty }).ToList();
        var limits = new Dictionary<string, int> { ["etl"] = 2 };

        var result = Simulate(jobs, QueueingStrategy.BestEffortFifo, new AdmissionSettings(limits, false, false));

        var runs = result.Jobs.Where(j => j.Job.ConcurrencyGroup == "etl" && j.AdmitTime is not null).ToList();
        Assert.True(runs.Count > 10);
        foreach (var run in runs)
        {
            var active = runs.Count(other => other.AdmitTime <= run.AdmitTime && (other.FinishTime ?? TimeSpan.MaxValue) > run.AdmitTime);
            Assert.True(active <= 2, $"{active} etl runs active at {run.AdmitTime}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void PartitionLock_EachPartitionRunsOnce(int seed)
    {
        // Three overlapping reruns of the same 20 partitions, submitted at random times.
        var random = new Random(seed);
        var jobs = new List<JobSpec>();
        for (var launch = 0; launch < 3; launch++)
        {
            var submit = TimeSpan.FromMinutes(random.Next(0, 600));
            for (var day = 0; day < 20; day++)
            {
                jobs.Add(Job($"rerun{launch}-{day:D2}", submit, TimeSpan.FromMinutes(random.Next(30, 240)), 1, 8,
                    kind: JobKind.Backfill, pipeline: "ranker", partition: $"2026-01-{day + 1:D2}"));
            }
        }

        var result = Simulate(jobs, QueueingStrategy.BestEffortFifo, new AdmissionSettings(new Dictionary<string, int>(), PartitionLock: true, RerunCompletedPartitions: false));

        foreach (var partition in result.Jobs.GroupBy(j => j.Job.Partition))
        {
            Assert.Equal(1, partition.Count(j => j.Status == JobStatus.Completed));
            Assert.Equal(2, partition.Count(j => j.Status == JobStatus.Skipped));
        }

        Assert.Empty(result.Violations);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BackfillQuota_PreventsStarvation(int seed)
    {
        // Production keeps the cluster busy with higher-priority work all the time; the backfill
        // has a ClusterQueue of its own and still finishes every run.
        var random = new Random(seed);
        var jobs = new List<JobSpec>();
        for (var hour = 0; hour < 200; hour++)
        {
            jobs.Add(Job($"prod-{hour:D3}", TimeSpan.FromHours(hour), TimeSpan.FromHours(random.Next(2, 5)), 4, 8, priority: 100, ns: "prod"));
        }

        for (var day = 0; day < 30; day++)
        {
            jobs.Add(Job($"rerun-{day:D2}", TimeSpan.FromHours(1), TimeSpan.FromHours(3), 1, 8, ns: "backfill"));
        }

        ClusterQueueSpec[] queues =
        [
            new("production", "all", QueueingStrategy.BestEffortFifo, [new FlavorQuota(Model, 48_000, null, null)]),
            new("backfill", "all", QueueingStrategy.BestEffortFifo, [new FlavorQuota(Model, 16_000, 0, null)]),
        ];
        var model = new WorkloadModel(Nodes(8), queues, new Dictionary<string, string> { ["prod"] = "production", ["backfill"] = "backfill" },
            new AdmissionSettings(new Dictionary<string, int>(), false, false), "bestfit", jobs, TimeSpan.FromHours(220), TimeSpan.FromHours(1), seed);

        var result = new WorkloadSimulation(model).Run();

        Assert.All(result.Jobs.Where(j => j.Job.Namespace == "backfill"), j => Assert.Equal(JobStatus.Completed, j.Status));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Preemption_NoLoopsAndQuotaKept(int seed)
    {
        // Two queues share 48 GPUs; both preempt lower priorities and reclaim borrowed quota.
        var random = new Random(seed);
        var jobs = RandomJobs(seed, 150)
            .Select((j, i) => j with { Namespace = i % 2 == 0 ? "a" : "b", Priority = random.Next(0, 3) * 10 })
            .ToList();
        var preempting = new PreemptionPolicy(WithinClusterQueuePreemption.LowerPriority, ReclaimWithinCohort.Any);
        ClusterQueueSpec[] queues =
        [
            new("qa", "all", QueueingStrategy.BestEffortFifo, [new FlavorQuota(Model, 24_000, null, null)]) { Preemption = preempting },
            new("qb", "all", QueueingStrategy.BestEffortFifo, [new FlavorQuota(Model, 24_000, null, null)]) { Preemption = preempting },
        ];
        var model = new WorkloadModel(Nodes(6), queues, new Dictionary<string, string> { ["a"] = "qa", ["b"] = "qb" },
            new AdmissionSettings(new Dictionary<string, int>(), false, false), "bestfit", jobs, TimeSpan.FromDays(30), TimeSpan.FromMinutes(5), seed);

        var result = new WorkloadSimulation(model).Run();

        Assert.NotEmpty(result.Evictions);
        var pairs = result.Evictions.Select(e => (e.JobId, e.PreemptorId)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.All(result.Samples, s => Assert.InRange(s.AllocatedGpuMilli, 0, 48_000));
        Assert.All(result.Samples.GroupBy(s => s.Time), at => Assert.True(at.Sum(s => s.AllocatedGpuMilli) <= 48_000));
        Assert.All(result.Jobs, j => Assert.Equal(JobStatus.Completed, j.Status));

        // Waiting excludes the runs that evictions cut short and the requeue backoff.
        foreach (var job in result.Jobs.Where(j => j.Evictions > 0))
        {
            var lostRun = job.LostGpuTime.TotalSeconds / (job.Job.TotalGpuMilli / 1000.0);
            var backoff = job.Evictions * model.RequeueBackoff.TotalSeconds;
            var sinceSubmit = (job.AdmitTime!.Value - job.Job.SubmitTime).TotalSeconds;
            Assert.Equal(sinceSubmit, job.Wait(model.Horizon).TotalSeconds + lostRun + backoff, 3);
        }
    }

    private static double MeanWait(WorkloadResult result) =>
        result.Jobs.Average(j => j.Wait(result.Model.Horizon).TotalSeconds);

    private static WorkloadResult Simulate(IReadOnlyList<JobSpec> jobs, QueueingStrategy strategy, AdmissionSettings? settings = null)
    {
        var model = new WorkloadModel(
            Nodes(6),
            [new ClusterQueueSpec("main", string.Empty, strategy, [new FlavorQuota(Model, 48_000, null, null)])],
            new Dictionary<string, string> { ["team"] = "main" },
            settings ?? new AdmissionSettings(new Dictionary<string, int>(), false, false),
            "bestfit",
            jobs,
            TimeSpan.FromDays(30),
            TimeSpan.FromHours(1),
            1);
        return new WorkloadSimulation(model).Run();
    }

    private static List<NodeSpec> Nodes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new NodeSpec($"n{i}", 96_000, 1_048_576, 8, Model))];

    /// <summary>Jobs of 1 to 3 workers with 1, 2, 4 or 8 GPUs each, arriving over two days.</summary>
    private static List<JobSpec> RandomJobs(int seed, int count)
    {
        var random = new Random(seed);
        int[] sizes = [1, 2, 4, 8];
        return [.. Enumerable.Range(0, count)
            .Select(i => (Submit: TimeSpan.FromMinutes(random.Next(0, 2 * 24 * 60)), Index: i,
                Duration: TimeSpan.FromMinutes(random.Next(10, 6 * 60)), Workers: random.Next(1, 4), Gpus: sizes[random.Next(sizes.Length)]))
            .OrderBy(j => j.Submit).ThenBy(j => j.Index)
            .Select(j => Job($"job-{j.Index:D3}", j.Submit, j.Duration, j.Workers, j.Gpus))];
    }

    private static JobSpec Job(string id, TimeSpan submit, TimeSpan duration, int workers, int gpus, int priority = 0, string ns = "team",
        JobKind kind = JobKind.Batch, string pipeline = "", string partition = "") =>
        new(id, kind, ns, pipeline, string.Empty, priority, submit, duration, workers,
            new PodSpec(id, 8_000, 65_536, gpus, GpuDevice.MilliCapacity, string.Empty), null, partition, string.Empty);
}
