
namespace ClusterSim.Policies;

/// <summary>Creates placement policies by name.</summary>
public static class PlacementPolicyFactory
{
    /// <summary>
    /// Creates the policy called <paramref name="name"/> (any case). <paramref name="random"/>
    /// feeds the Random policy; <paramref name="target"/> is the FGD target workload.
    /// </summary>
    /// <exception cref="ArgumentException">No policy has that name.</exception>
    public static IPlacementPolicy Create(string name, Random random, TargetWorkload target) =>
        PolicyNames.Normalize(name) switch
        {
            PolicyNames.Random => new RandomPolicy(random),
            PolicyNames.DotProd => new DotProductPolicy(),
            PolicyNames.GpuClustering => new GpuClusteringPolicy(),
            PolicyNames.GpuPacking => new GpuPackingPolicy(),
            PolicyNames.BestFit => new BestFitPolicy(),
            PolicyNames.Fgd => new FgdPolicy(new FragmentationMeasure(target)),
            _ => throw new ArgumentException(
                $"Unknown placement policy '{name}'. Valid policies: {string.Join(", ", PolicyNames.All)}.", nameof(name)),
        };
}
