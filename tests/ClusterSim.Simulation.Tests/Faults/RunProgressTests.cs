using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Faults;
using ClusterSim.Simulation.Workloads;

namespace ClusterSim.Simulation.Tests.Faults;

public class RunProgressTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Uninterrupted_TakesWorkPlusCheckpoints()
    {
        // 5 h of compute checkpointed every hour at 5 min each: 5 h 25 min of wall time.
        var result = Simulate([WithCheckpoint(Job(TimeSpan.FromHours(5)), CheckpointStrategy.Fixed, Hour)], FaultSettings.None);

        var record = Assert.Single(result.Jobs);
        Assert.Equal(TimeSpan.FromMinutes(5 * 60 + 25), record.FinishTime);
        Assert.Equal(TimeSpan.FromMinutes(25), record.CheckpointOverhead);
        Assert.Equal(0, record.Interruptions);
    }

    [Fact]
    public void Interrupt_KeepsCheckpointedSegments()
    {
        // Segments of 60 min compute + 5 min checkpoint; interrupted at 150 min: two segments
        // (130 min) are saved, 20 min of compute is lost.
        var run = new RunState(Admission(WithCheckpoint(Job(TimeSpan.FromHours(5)), CheckpointStrategy.Fixed, Hour)), 1, TimeSpan.Zero, Hour.Ticks, 0);
        var record = new JobRecord(run.Admission.Job);

        run.AdvanceTo(TimeSpan.FromMinutes(150));
        var lost = run.Interrupt(record);

        Assert.Equal(TimeSpan.FromMinutes(20), lost);
        Assert.Equal(TimeSpan.FromHours(2).Ticks, run.Checkpointed);
        Assert.Equal(TimeSpan.FromMinutes(10), record.CheckpointOverhead);
        Assert.Equal(1, record.Interruptions);
    }

    [Fact]
    public void Resume_PaysRestartAndSkipsSavedWork()
    {
        // After 2 h were checkpointed, the next run has 3 h left, three checkpoints and a 10 min restart.
        var job = WithCheckpoint(Job(TimeSpan.FromHours(5)), CheckpointStrategy.Fixed, Hour);
        var run = new RunState(Admission(job), 2, TimeSpan.Zero, Hour.Ticks, TimeSpan.FromHours(2).Ticks);

        Assert.Equal(TimeSpan.FromMinutes(10 + 180 + 15).Ticks, run.Length);
    }

    [Fact]
    public void Slowdown_StretchesRemainingTime()
    {
        var run = new RunState(Admission(Job(TimeSpan.FromHours(4))), 1, TimeSpan.Zero, double.PositiveInfinity, 0);

        run.AdvanceTo(Hour);
        run.Rate = 0.5;

        // 3 h of work left at half pace.
        Assert.Equal(TimeSpan.FromHours(6).Ticks, run.TicksToFinish);
    }

    [Fact]
    public void NoCheckpoints_LosesEverything()
    {
        var run = new RunState(Admission(Job(TimeSpan.FromHours(4))), 1, TimeSpan.Zero, double.PositiveInfinity, 0);
        var record = new JobRecord(run.Admission.Job);

        run.AdvanceTo(TimeSpan.FromHours(3));

        Assert.Equal(TimeSpan.FromHours(3), run.Interrupt(record));
        Assert.Equal(0, run.Checkpointed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NodeFailures_JobsStillComplete(int seed)
    {
        // Frequent failures and repairs: every job finishes, and no GPU time is created from nothing.
        var faults = new FaultSettings(new NodeFailureModel(TimeSpan.FromHours(20), TimeSpan.Zero, FailureDistribution.Exponential, 1, TimeSpan.FromMinutes(30)),
            new StragglerModel(1, TimeSpan.FromMinutes(30), 0.5, 1.5, 3), [], StragglerMitigation.Tolerate);
        var jobs = Enumerable.Range(0, 12)
            .Select(i => WithCheckpoint(Job(TimeSpan.FromHours(2 + (i % 4)), $"job-{i:D2}", TimeSpan.FromHours(i)), CheckpointStrategy.Young, Hour))
            .ToList();

        var result = Simulate(jobs, faults, seed);

        Assert.All(result.Jobs, j => Assert.Equal(JobStatus.Completed, j.Status));
        Assert.Contains(result.Jobs, j => j.Interruptions > 0);
        Assert.All(result.Jobs, j => Assert.True(j.FinishTime - j.FirstAdmitTime >= j.Job.Duration));

        // GPU time counts every run, interrupted ones included.
        Assert.All(result.Jobs, j => Assert.True(j.GpuTime(result.Model.Horizon) >= (j.Job.Duration * (j.Job.TotalGpuMilli / 1000.0)) + j.LostGpuTime));
    }

    [Fact]
    public void FailureCauses_SetRepairTime()
    {
        // Every failure is "gpu" (share 3 of 3), repaired in 45 min; "network" has no share.
        var failures = new NodeFailureModel(TimeSpan.FromHours(10), TimeSpan.Zero, FailureDistribution.Exponential, 1, TimeSpan.FromHours(9))
        {
            Causes = [new FailureCause("gpu", 3, TimeSpan.FromMinutes(45)), new FailureCause("network", 0, TimeSpan.FromHours(5))],
        };
        var faults = new FaultSettings(failures, null, [], StragglerMitigation.Tolerate);

        var result = Simulate([WithCheckpoint(Job(TimeSpan.FromHours(20)), CheckpointStrategy.Young, Hour)], faults);

        var failed = result.Faults.Where(f => f.Kind == "node_failure").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Equal("gpu", f.Detail));
        foreach (var failure in failed)
        {
            var repair = result.Faults.FirstOrDefault(f => f.Kind == "node_repair" && f.Node == failure.Node && f.Time > failure.Time);
            if (repair is not null)
            {
                Assert.Equal(TimeSpan.FromMinutes(45), repair.Time - failure.Time);
            }
        }
    }

    private static JobSpec Job(TimeSpan work, string id = "job", TimeSpan? submit = null) =>
        new(id, JobKind.Batch, "team", string.Empty, string.Empty, 0, submit ?? TimeSpan.Zero, work, 2,
            new PodSpec(id, 8_000, 65_536, 8, GpuDevice.MilliCapacity, string.Empty), null, string.Empty, string.Empty);

    private static JobSpec WithCheckpoint(JobSpec job, CheckpointStrategy strategy, TimeSpan interval) =>
        job with { Checkpoint = new CheckpointPolicy(strategy, interval, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)) };

    private static Admission Admission(JobSpec job) => new(job, "main", "A100", [new Placement(0, [0])], false);

    private static WorkloadResult Simulate(IReadOnlyList<JobSpec> jobs, FaultSettings faults, int seed = 1)
    {
        var model = new WorkloadModel(
            [.. Enumerable.Range(0, 6).Select(i => new NodeSpec($"n{i}", 96_000, 1_048_576, 8, "A100"))],
            [new ClusterQueueSpec("main", string.Empty, QueueingStrategy.BestEffortFifo, [new FlavorQuota("A100", 48_000, null, null)])],
            new Dictionary<string, string> { ["team"] = "main" },
            new AdmissionSettings(new Dictionary<string, int>(), false, false),
            "bestfit", jobs, TimeSpan.FromDays(30), TimeSpan.FromHours(1), seed)
        {
            Faults = faults,
        };
        return new WorkloadSimulation(model).Run();
    }
}
