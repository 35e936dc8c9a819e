namespace ClusterSim.Simulation.Workloads;

/// <summary>One fault or fault-related action: what happened, where, and to which job or with which value.</summary>
public sealed record FaultRecord(TimeSpan Time, string Kind, string Node, string Detail);
