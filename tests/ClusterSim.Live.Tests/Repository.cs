namespace ClusterSim.Live.Tests;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder that contains ClusterSim.sln, found upwards from the test binaries.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains ClusterSim.sln.");
    }
}
