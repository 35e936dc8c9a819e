namespace ClusterSim.Traces.Philly;

/// <summary>One job of the Philly job list: when it was submitted, how long it ran, its GPUs and virtual cluster.</summary>
/// <param name="Line">Line of the job in its file, for messages.</param>
/// <param name="Submitted">Submission time as written (no time zone).</param>
/// <param name="DurationSeconds">Run time in seconds.</param>
/// <param name="Gpus">GPUs the job used.</param>
/// <param name="VirtualCluster">Virtual cluster (VC) id.</param>
public sealed record PhillyJob(int Line, DateTime Submitted, double DurationSeconds, int Gpus, string VirtualCluster);
