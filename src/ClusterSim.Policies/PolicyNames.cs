namespace ClusterSim.Policies;

/// <summary>The placement policy names the command line and outputs use.</summary>
public static class PolicyNames
{
    public const string Random = "random";
    public const string DotProd = "dotprod";
    public const string GpuClustering = "gpuclustering";
    public const string GpuPacking = "gpupacking";
    public const string BestFit = "bestfit";
    public const string Fgd = "fgd";

    /// <summary>Every policy, in the order the FGD paper reports them.</summary>
    public static IReadOnlyList<string> All { get; } = [Random, DotProd, GpuClustering, GpuPacking, BestFit, Fgd];

    /// <summary>Returns the canonical name for <paramref name="name"/>, ignoring case, or null when no policy has it.</summary>
    public static string? Normalize(string name)
    {
        var trimmed = name.Trim();
        return All.FirstOrDefault(p => string.Equals(p, trimmed, StringComparison.OrdinalIgnoreCase));
    }
}
