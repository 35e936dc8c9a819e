namespace ClusterSim.Traces.Tests;

/// <summary>Helpers that compare the located part of trace errors.</summary>
internal static class TraceErrors
{
    /// <summary>Returns file, line, column and value of each error, in the order reported.</summary>
    public static List<(string File, int Line, string Column, string Value)> Locations(TraceFormatException error) =>
        error.Errors.Select(e => (e.File, e.Line, e.Column, e.Value)).ToList();
}
