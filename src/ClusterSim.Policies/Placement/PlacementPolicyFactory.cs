
namespace ClusterSim.Policies;

/// <summary>Creates placement policies by name.</summary>
public static class PlacementPolicyFactory
{
    /// <summary>
    /// Creates the policy called <paramref name="name"/> (any case). <paramref name="random"/>
    /// feeds the Random policy; <paramref name="target"/> is the FGD target workload;
    /// <paramref name="scale"/> is the node size scores are scaled to (the openb scale when null).
    /// </summary>
    /// <exception cref="ArgumentException">No policy has that name.</exception>
    public static IPlacementPolicy Create(string name, Random random, TargetWorkload target, ScoreScale? scale = null) =>
        PolicyNames.Normalize(name) switch
        {
            PolicyNames.Random => new RandomPolicy(random),
            PolicyNames.DotProd => new DotProductPolicy(scale),
            PolicyNames.GpuClustering => new GpuClusteringPolicy(scale),
            PolicyNames.GpuPacking => new GpuPackingPolicy(),
            PolicyNames.BestFit => new BestFitPolicy(scale),
            PolicyNames.Fgd => new FgdPolicy(new FragmentationMeasure(target)),
            _ => throw new ArgumentException(
                $"Unknown placement policy '{name}'. Valid policies: {string.Join(", ", PolicyNames.All)}.", nameof(name)),
        };
}
