using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>One pod shape of a target workload and the probability that a pod has it.</summary>
public sealed record TypicalPod(PodShape Shape, int Count, double Probability)
{
    /// <summary>Returns true when the shape may run on a node of <paramref name="nodeModel"/>; callers cache the result per model.</summary>
    public bool AcceptsModel(string nodeModel) =>
        GpuModelConstraint.Accepts(Shape.GpuModels, GpuModelConstraint.Split(Shape.GpuModels), nodeModel);
}
