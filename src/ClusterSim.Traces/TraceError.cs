namespace ClusterSim.Traces;

/// <summary>One problem found in a trace file, located by file, line and column.</summary>
/// <param name="File">Path of the file as the user gave it.</param>
/// <param name="Line">1-based line number, or 0 when the problem concerns the whole file.</param>
/// <param name="Column">Column name, or empty when the problem concerns the whole row or file.</param>
/// <param name="Value">The offending value as read, or empty.</param>
/// <param name="Problem">What is wrong and how to fix it.</param>
public sealed record TraceError(string File, int Line, string Column, string Value, string Problem)
{
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}" : File;
        return Column.Length > 0
            ? $"{location}: column '{Column}', value '{Value}': {Problem}"
            : $"{location}: {Problem}";
    }
}
