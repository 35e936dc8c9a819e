using ClusterSim.Traces;

namespace ClusterSim.Scenarios;

/// <summary>
/// Finds and reads the trace files a scenario names. Paths are relative to the scenario file,
/// and ${CLUSTERSIM_TRACES} stands for the folder of public traces that the environment
/// variable of that name gives. Problems become scenario errors.
/// </summary>
internal sealed class TraceFiles(string scenarioPath, List<ScenarioError> errors)
{
    public const string TracesVariable = "CLUSTERSIM_TRACES";

    private readonly string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".";

    /// <summary>True once any problem of the scenario has been found, so that follow-on checks can stay quiet.</summary>
    public bool HasErrors => errors.Count > 0;

    /// <summary>Returns the full path in <paramref name="key"/>, or null after recording why it cannot be used.</summary>
    public string? Resolve(YamlFields fields, string key)
    {
        var text = fields.Text(key, required: true);
        if (text is null)
        {
            return null;
        }

        var placeholder = "${" + TracesVariable + "}";
        if (text.Contains(placeholder, StringComparison.Ordinal))
        {
            var root = Environment.GetEnvironmentVariable(TracesVariable);
            if (string.IsNullOrWhiteSpace(root))
            {
                fields.Error(key, $"value '{text}' uses {placeholder}, but {TracesVariable} is not set; set it to the folder of public traces");
                return null;
            }

            text = text.Replace(placeholder, root, StringComparison.Ordinal);
        }

        var path = Path.GetFullPath(text, baseDirectory);
        if (!File.Exists(path))
        {
            fields.Error(key, $"value '{text}': file {path} not found; check the path");
            return null;
        }

        return path;
    }

    /// <summary>Reads a trace, or returns null after turning its problems into scenario errors.</summary>
    public T? Read<T>(string path, Func<string, T> read)
        where T : class
    {
        try
        {
            return read(path);
        }
        catch (TraceFormatException e)
        {
            errors.AddRange(e.Errors.Select(error => new ScenarioError(error.File, error.Line, 0,
                error.Column, error.Column.Length > 0 ? $"value '{error.Value}': {error.Problem}" : error.Problem)));
            return null;
        }
    }
}
