namespace ClusterSim.Policies;

/// <summary>The node a policy chose, or the reason it could not choose.</summary>
public readonly record struct NodeChoice(int NodeIndex, string? Error)
{
    public static NodeChoice Chosen(int nodeIndex) => new(nodeIndex, null);

    public static NodeChoice Failed(string error) => new(-1, error);

    public bool Succeeded => Error is null;
}
