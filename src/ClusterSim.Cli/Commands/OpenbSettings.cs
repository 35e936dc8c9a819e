namespace ClusterSim.Cli.Commands;

/// <summary>The validated options of <c>clustersim openb</c>.</summary>
/// <param name="NodesPath">Node list CSV, or null for the built-in sample.</param>
/// <param name="PodsPath">Pod list CSV, or null for the built-in sample.</param>
/// <param name="Policies">Canonical policy names in the order given.</param>
/// <param name="Seeds">Seeds in the order given.</param>
/// <param name="Inflation">Target GPU demand as a multiple of cluster GPU capacity.</param>
/// <param name="PopularityPercent">Share of pods the FGD target workload covers, in percent.</param>
/// <param name="OutputPath">Results folder.</param>
/// <param name="Force">Replace results already in the folder.</param>
/// <param name="Parallelism">Number of runs at once.</param>
public sealed record OpenbSettings(
    string? NodesPath,
    string? PodsPath,
    IReadOnlyList<string> Policies,
    IReadOnlyList<int> Seeds,
    double Inflation,
    int PopularityPercent,
    string OutputPath,
    bool Force,
    int Parallelism);
