using Xunit.Sdk;

namespace ClusterSim.Tests;

/// <summary>
/// Locates the public traces that some tests replay. They come from the folder named by the
/// CLUSTERSIM_TRACES environment variable; tests skip with a message when it is unset or lacks a file.
/// </summary>
public static class TestTraces
{
    public const string Variable = "CLUSTERSIM_TRACES";

    /// <summary>Returns the full path of <paramref name="relativePath"/> under the traces folder, or null with the reason to skip.</summary>
    public static string? Find(string relativePath, out string skipReason)
    {
        var root = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(root))
        {
            skipReason = $"{Variable} is not set; set it to the folder holding the public traces (openb/, philly-pollux-jobs/, ...) to run this test.";
            return null;
        }

        var path = Path.Combine(root, relativePath);
        if (!File.Exists(path))
        {
            skipReason = $"{path} not found; set {Variable} to a folder that contains {relativePath} to run this test.";
            return null;
        }

        skipReason = string.Empty;
        return path;
    }

    /// <summary>Returns the full path of <paramref name="relativePath"/>, or skips the calling test with the reason.</summary>
    public static string Require(string relativePath) =>
        Find(relativePath, out var reason) ?? throw SkipException.ForSkip(reason);
}
