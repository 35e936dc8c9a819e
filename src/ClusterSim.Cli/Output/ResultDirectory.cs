namespace ClusterSim.Cli.Output;

/// <summary>
/// Writes a run's results into a hidden temporary folder beside the destination and moves it
/// into place only when every file is written, so a failed run leaves no partial output.
/// </summary>
public sealed class ResultDirectory : IDisposable
{
    private readonly string destination;
    private readonly bool overwrite;
    private bool committed;

    private ResultDirectory(string destination, bool overwrite, string staging)
    {
        this.destination = destination;
        this.overwrite = overwrite;
        StagingPath = staging;
    }

    /// <summary>Folder to write into until <see cref="Commit"/>.</summary>
    public string StagingPath { get; }

    /// <summary>
    /// Checks that <paramref name="destination"/> can receive results and creates the staging folder.
    /// </summary>
    /// <exception cref="UsageException">The destination contains files and <paramref name="overwrite"/> is false, or it is a file.</exception>
    public static ResultDirectory Begin(string destination, bool overwrite)
    {
        var full = Path.GetFullPath(destination);
        EnsureWritable(full, destination, overwrite);
        var parent = Path.GetDirectoryName(full) ?? throw new UsageException($"Output folder '{destination}' has no parent folder; choose another --out.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        return new ResultDirectory(full, overwrite, staging);
    }

    /// <summary>
    /// Checks the destination before any work starts, so a long run does not end in a refusal.
    /// A folder may be replaced only with <paramref name="overwrite"/> and only when it contains
    /// nothing but the files of an earlier clustersim run, as its manifest lists them.
    /// </summary>
    public static void EnsureWritable(string fullPath, string asGiven, bool overwrite)
    {
        if (File.Exists(fullPath))
        {
            throw new UsageException($"Output path '{asGiven}' is a file; give a folder path with --out.");
        }

        for (var parent = Path.GetDirectoryName(fullPath); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new UsageException($"Output path '{asGiven}' lies under '{parent}', which is a file; give a folder path with --out.");
            }
        }

        if (!Directory.Exists(fullPath) || !Directory.EnumerateFileSystemEntries(fullPath).Any())
        {
            return;
        }

        var foreign = ForeignEntries(fullPath);
        if (foreign.Count > 0)
        {
            throw new UsageException(
                $"Output folder '{asGiven}' is not empty and holds files that are not clustersim results ({string.Join(", ", foreign.Take(5))}); choose a new or empty folder with --out.");
        }

        if (!overwrite)
        {
            throw new UsageException(
                $"Output folder '{asGiven}' already contains results; choose another --out or pass --force to replace them.");
        }
    }

    /// <summary>Lists the entries of <paramref name="folder"/> that its clustersim manifest does not account for.</summary>
    private static List<string> ForeignEntries(string folder)
    {
        var known = RunManifest.ListedOutputs(Path.Combine(folder, RunManifest.FileName));
        return [.. Directory.EnumerateFileSystemEntries(folder)
            .Select(Path.GetFileName)
            .Where(name => name is not null && !known.Contains(name))
            .Order(StringComparer.Ordinal)
            .Cast<string>()];
    }

    /// <summary>Moves the staged files to the destination, replacing it when overwriting was allowed.</summary>
    public void Commit()
    {
        EnsureWritable(destination, destination, overwrite);
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.Move(StagingPath, destination);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(StagingPath))
        {
            Directory.Delete(StagingPath, recursive: true);
        }
    }
}
