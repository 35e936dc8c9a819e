namespace ClusterSim.Traces;

/// <summary>Opens trace files with errors that name the file and say what to do.</summary>
public static class TraceFile
{
    /// <summary>Opens <paramref name="path"/> for reading as UTF-8 text.</summary>
    /// <exception cref="TraceFormatException">The file is missing or cannot be read.</exception>
    public static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraceFormatException([new TraceError(path, 0, string.Empty, string.Empty, "file not found; check the path")]);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new TraceFormatException([new TraceError(path, 0, string.Empty, string.Empty, $"cannot be read ({e.Message}); check its permissions")]);
        }
    }
}
