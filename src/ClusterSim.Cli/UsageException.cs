namespace ClusterSim.Cli;

/// <summary>
/// Problems with the user's input that the messages explain, one line each; the command exits
/// with <see cref="ExitCodes.InvalidInput"/>.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException()
        : this([])
    {
    }

    public UsageException(string message)
        : this([message])
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public UsageException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, each a complete sentence with the value and the fix.</summary>
    public IReadOnlyList<string> Problems { get; }
}
