namespace ClusterSim.Scenarios;

/// <summary>Thrown when a scenario file is invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the scenario:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
    {
        Errors = errors;
    }

    public ScenarioException()
        : this([])
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
