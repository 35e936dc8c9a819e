namespace ClusterSim.Simulation.Workloads;

/// <summary>One ClusterQueue's state at a sample time.</summary>
/// <param name="Time">Time from the start of the simulation.</param>
/// <param name="ClusterQueue">Queue name.</param>
/// <param name="AllocatedGpuMilli">GPU milli of the queue's running jobs.</param>
/// <param name="PendingJobs">Jobs waiting in the queue.</param>
/// <param name="RunningJobs">Jobs of the queue running.</param>
public readonly record struct QueueSample(TimeSpan Time, string ClusterQueue, long AllocatedGpuMilli, int PendingJobs, int RunningJobs);
