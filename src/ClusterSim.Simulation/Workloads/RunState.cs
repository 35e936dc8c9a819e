using ClusterSim.Policies.Admission;

namespace ClusterSim.Simulation.Workloads;

/// <summary>
/// The progress of one run of a job. At full pace, a run's timeline is the restart cost (after an
/// interruption) followed by segments of compute, each ending with a checkpoint; the last segment
/// is the rest of the work. Stragglers slow the pace. An interruption keeps the compute of the
/// segments whose checkpoint completed. All times are in ticks.
/// </summary>
internal sealed class RunState
{
    public RunState(Admission admission, int attempt, TimeSpan now, double intervalTicks, double checkpointedTicks)
    {
        Admission = admission;
        Attempt = attempt;
        LastUpdate = now;
        var job = admission.Job;
        Remaining = job.Duration.Ticks - checkpointedTicks;
        Checkpointed = checkpointedTicks;
        Restart = checkpointedTicks > 0 || attempt > 1 ? job.Checkpoint.RestartCost.Ticks : 0;
        Interval = intervalTicks;
        Cost = double.IsPositiveInfinity(intervalTicks) ? 0 : job.Checkpoint.Cost.Ticks;
        Segments = double.IsPositiveInfinity(intervalTicks) ? 0 : Math.Ceiling(Remaining / intervalTicks);
        Length = Restart + Remaining + (Segments * Cost);
    }

    public Admission Admission { get; }

    public int Attempt { get; }

    /// <summary>Grows whenever the pace changes, so earlier finish events are recognised as stale.</summary>
    public long Version { get; set; }

    /// <summary>Current pace: 1 at full speed, 1/s behind a straggler that is s times slower.</summary>
    public double Rate { get; set; } = 1;

    /// <summary>Ticks of the run's timeline completed, at full pace.</summary>
    public double Position { get; private set; }

    public TimeSpan LastUpdate { get; private set; }

    /// <summary>Ticks of the whole timeline.</summary>
    public double Length { get; }

    /// <summary>Compute that earlier runs saved in checkpoints, in ticks.</summary>
    public double Checkpointed { get; private set; }

    private double Remaining { get; }

    private double Restart { get; }

    private double Interval { get; }

    private double Cost { get; }

    private double Segments { get; }

    /// <summary>Moves the run to <paramref name="now"/> at its current pace.</summary>
    public void AdvanceTo(TimeSpan now)
    {
        Position = Math.Min(Length, Position + ((now - LastUpdate).Ticks * Rate));
        LastUpdate = now;
    }

    /// <summary>Ticks of wall time until the run finishes at its current pace.</summary>
    public long TicksToFinish => (long)Math.Ceiling((Length - Position) / Rate);

    /// <summary>
    /// Records an interruption at the current position and returns the compute lost; the
    /// checkpointed compute grows by the segments whose checkpoint was written.
    /// </summary>
    public TimeSpan Interrupt(JobRecord record)
    {
        var restartDone = Math.Min(Position, Restart);
        record.RestartOverhead += TimeSpan.FromTicks((long)restartDone);
        record.Interruptions++;
        var done = Position - Restart;
        if (done <= 0)
        {
            return TimeSpan.Zero;
        }

        if (Segments == 0)
        {
            // Without checkpoints everything computed in this run is lost.
            return TimeSpan.FromTicks((long)done);
        }

        var completed = Math.Min(Math.Floor(done / (Interval + Cost)), Segments);
        var saved = Math.Min(completed * Interval, Remaining);
        var partial = done - (completed * (Interval + Cost));
        record.CheckpointOverhead += TimeSpan.FromTicks((long)((completed * Cost) + Math.Max(0, partial - Interval)));
        Checkpointed += saved;
        return TimeSpan.FromTicks((long)Math.Min(partial, Interval));
    }

    /// <summary>Records the overheads of a run that finished.</summary>
    public void Complete(JobRecord record)
    {
        record.RestartOverhead += TimeSpan.FromTicks((long)Restart);
        record.CheckpointOverhead += TimeSpan.FromTicks((long)(Segments * Cost));
    }
}
