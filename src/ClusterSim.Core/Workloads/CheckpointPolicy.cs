namespace ClusterSim.Core.Workloads;

/// <summary>How a job chooses its checkpoint interval.</summary>
public enum CheckpointStrategy
{
    /// <summary>No checkpoints: an interrupted job starts over.</summary>
    None,

    /// <summary>A fixed interval of compute between checkpoints.</summary>
    Fixed,

    /// <summary>Young's √(2CM).</summary>
    Young,

    /// <summary>Daly's first-order √(2C(M+R)).</summary>
    DalyFirstOrder,

    /// <summary>Daly's higher-order estimate.</summary>
    DalyHigherOrder,
}

/// <summary>A job's checkpointing: the strategy, the fixed interval if any, and the costs of writing and restarting.</summary>
/// <param name="Strategy">How the interval is chosen.</param>
/// <param name="Interval">Compute between checkpoints for <see cref="CheckpointStrategy.Fixed"/>.</param>
/// <param name="Cost">Time to write one checkpoint (C).</param>
/// <param name="RestartCost">Time to restart from a checkpoint (R), paid after every interruption.</param>
public sealed record CheckpointPolicy(CheckpointStrategy Strategy, TimeSpan Interval, TimeSpan Cost, TimeSpan RestartCost)
{
    /// <summary>No checkpoints and no restart cost: the behaviour of a job that declares nothing.</summary>
    public static CheckpointPolicy None { get; } = new(CheckpointStrategy.None, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}
