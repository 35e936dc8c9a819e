using System.Reflection;
using System.Text;
using ClusterSim.Traces;

namespace ClusterSim.Cli;

/// <summary>An input file's bytes and the name it goes by in messages and the manifest.</summary>
public sealed record TraceInput(string DisplayPath, byte[] Content)
{
    private const string EmbeddedPrefix = "embedded:";

    /// <summary>Reads a file from disk, or returns null after adding the reason to <paramref name="errors"/>.</summary>
    public static TraceInput? FromFile(string path, string option, List<TraceError> errors)
    {
        try
        {
            return new TraceInput(path, File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, $"file not found; check the {option} path"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, $"cannot be read ({e.Message}); check the {option} path and the file's permissions"));
        }

        return null;
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
