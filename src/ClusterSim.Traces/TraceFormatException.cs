namespace ClusterSim.Traces;

/// <summary>Thrown when a trace file has problems; <see cref="Errors"/> lists every one of them.</summary>
public sealed class TraceFormatException : Exception
{
    public TraceFormatException(IReadOnlyList<TraceError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public TraceFormatException()
        : this([])
    {
    }

    public TraceFormatException(string message)
        : base(message)
    {
        Errors = [];
    }

    public TraceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<TraceError> Errors { get; }

    private static string Describe(IReadOnlyList<TraceError> errors) =>
        errors.Count == 1
            ? errors[0].ToString()
            : $"{errors.Count} problems in trace input:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
}
