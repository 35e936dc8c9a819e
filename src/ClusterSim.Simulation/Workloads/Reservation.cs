namespace ClusterSim.Simulation.Workloads;

/// <summary>Under EASY backfill, the start reserved at <paramref name="Time"/> for the head of a ClusterQueue.</summary>
public sealed record Reservation(TimeSpan Time, string JobId, string ClusterQueue, TimeSpan ReservedStart);
