using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>One pod shape of a target workload and the probability that a pod has it.</summary>
public sealed record TypicalPod(PodShape Shape, int Count, double Probability)
{
    private readonly string[] allowedModels = GpuModelConstraint.Split(Shape.GpuModels);

    public bool AcceptsModel(string nodeModel) => GpuModelConstraint.Accepts(Shape.GpuModels, allowedModels, nodeModel);
}
