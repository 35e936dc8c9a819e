namespace ClusterSim.Core;

/// <summary>
/// The GPU model constraint of a pod: a list of allowed models separated by '|'.
/// </summary>
public static class GpuModelConstraint
{
    /// <summary>Splits a '|' separated list and drops the empty pieces.</summary>
    public static string[] Split(string models) =>
        string.IsNullOrEmpty(models) ? [] : models.Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Applies the access rule: an empty constraint accepts every node; otherwise a node
    /// without a model is rejected, and a node is accepted when one allowed model equals its
    /// model exactly (ordinal, case-sensitive).
    /// </summary>
    public static bool Accepts(string[] allowedModels, string nodeModel)
    {
        if (allowedModels.Length == 0)
        {
            return true;
        }

        if (nodeModel.Length == 0)
        {
            return false;
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
