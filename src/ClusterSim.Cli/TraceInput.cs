using System.Reflection;
using System.Text;

namespace ClusterSim.Cli;

/// <summary>An input file's bytes and the name it goes by in messages and the manifest.</summary>
public sealed record TraceInput(string DisplayPath, byte[] Content)
{
    private const string EmbeddedPrefix = "embedded:";

    /// <summary>Reads a file from disk.</summary>
    /// <exception cref="UsageException">The file is missing or unreadable.</exception>
    public static TraceInput FromFile(string path, string option)
    {
        try
        {
            return new TraceInput(path, File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"{option} file '{path}' not found; check the path.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} file '{path}' cannot be read ({e.Message}); check its permissions.");
        }
    }

    /// <summary>Reads one of the sample traces built into the program.</summary>
    public static TraceInput Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded trace '{name}' is missing from this build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new TraceInput(EmbeddedPrefix + name, buffer.ToArray());
    }

    public TextReader OpenText() => new StreamReader(new MemoryStream(Content), Encoding.UTF8);
}
