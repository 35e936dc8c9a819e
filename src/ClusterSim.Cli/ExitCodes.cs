namespace ClusterSim.Cli;

/// <summary>Process exit codes of the clustersim command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An unexpected internal error; the message names what failed.</summary>
    public const int InternalError = 1;

    /// <summary>Invalid input: a bad option, a malformed trace, or an output folder that already contains results.</summary>
    public const int InvalidInput = 2;

    /// <summary>The Kubernetes cluster could not be reached, read or written; the message names what to check.</summary>
    public const int ClusterError = 3;
}
