namespace ClusterSim.Traces.Swf;

/// <summary>
/// One job of a Standard Workload Format log, with the fields a scheduler replay uses; -1 in the
/// file, meaning unknown, becomes null.
/// </summary>
/// <param name="Id">Job number.</param>
/// <param name="SubmitSeconds">Submission time in seconds from the log's start.</param>
/// <param name="WaitSeconds">Observed wait in the queue.</param>
/// <param name="RunSeconds">Run time.</param>
/// <param name="AllocatedProcessors">Processors the job got.</param>
/// <param name="RequestedProcessors">Processors the job asked for.</param>
/// <param name="RequestedSeconds">Run time the user estimated.</param>
/// <param name="User">User number.</param>
/// <param name="Queue">Queue number.</param>
public sealed record SwfJob(long Id, long SubmitSeconds, long? WaitSeconds, long? RunSeconds, long? AllocatedProcessors,
    long? RequestedProcessors, long? RequestedSeconds, long? User, long? Queue)
{
    /// <summary>Processors to schedule: the allocated count, or the requested one when that is unknown.</summary>
    public long? Processors => AllocatedProcessors ?? RequestedProcessors;
}
