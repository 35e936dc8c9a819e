namespace ClusterSim.Scenarios;

/// <summary>One problem in a scenario file, located by line, column and field path.</summary>
/// <param name="File">Path of the scenario file as the user gave it.</param>
/// <param name="Line">1-based line, or 0 for the whole file.</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Field">Field path such as "queues.clusterQueues[0].quotas[1].nominal", or empty.</param>
/// <param name="Problem">What is wrong and how to fix it.</param>
public sealed record ScenarioError(string File, int Line, int Column, string Field, string Problem)
{
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Field.Length > 0 ? $"{location}: field '{Field}': {Problem}" : $"{location}: {Problem}";
    }
}
