using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>One pod shape of a target workload and the probability that a pod has it.</summary>
public sealed record TypicalPod(PodShape Shape, int Count, double Probability)
{
    private readonly string[] allowedModels = GpuModelConstraint.Split(Shape.GpuModels);

    /// <summary>Compares the shape and its weight, not the parsed model list, which is derived from the shape.</summary>
    public bool Equals(TypicalPod? other) =>
        other is not null && Shape == other.Shape && Count == other.Count && Probability.Equals(other.Probability);

    public override int GetHashCode() => HashCode.Combine(Shape, Count, Probability);

    public bool AcceptsModel(string nodeModel) => GpuModelConstraint.Accepts(Shape.GpuModels, allowedModels, nodeModel);
}
