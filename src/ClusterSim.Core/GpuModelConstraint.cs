namespace ClusterSim.Core;

/// <summary>A model constraint as written and its non-empty parts.</summary>
internal sealed record ModelList(string Source, string[] Models);

/// <summary>
/// The GPU model constraint of a pod: a list of allowed models separated by '|'.
/// </summary>
public static class GpuModelConstraint
{
    /// <summary>Splits a '|' separated list and drops the empty pieces.</summary>
    public static string[] Split(string models) =>
        string.IsNullOrEmpty(models) ? [] : models.Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Applies the access rule. An empty constraint accepts every node. Otherwise a node
    /// without a model is rejected, and a node is accepted when one allowed model equals its
    /// model exactly (ordinal, case-sensitive).
    /// </summary>
    /// <param name="constraint">The constraint as written, before splitting.</param>
    /// <param name="allowedModels">The non-empty parts of <paramref name="constraint"/>.</param>
    /// <param name="nodeModel">The node's model, or empty for a node without a model label.</param>
    public static bool Accepts(string constraint, string[] allowedModels, string nodeModel)
    {
        if (constraint.Length == 0)
        {
            return true;
        }

        if (nodeModel.Length == 0)
        {
            return false;
        }

        if (allowedModels.Length == 0)
        {
            // A constraint of separators only, such as "|", names no model and allows any.
            return true;
        }

        foreach (var model in allowedModels)
        {
            if (string.Equals(model, nodeModel, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
