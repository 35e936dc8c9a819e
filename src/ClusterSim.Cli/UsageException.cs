namespace ClusterSim.Cli;

/// <summary>A problem with the user's input that the message explains; exits with <see cref="ExitCodes.InvalidInput"/>.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
