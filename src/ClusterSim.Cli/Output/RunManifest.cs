using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterSim.Cli.Output;

/// <summary>
/// The manifest written beside every run's results: tool version, input hashes, seeds and
/// settings, and the hash of each output file. It contains no timestamps or machine names, so
/// the same inputs and seeds give the same manifest.
/// </summary>
public sealed class RunManifest
{
    public const string FileName = "manifest.json";

    private readonly JsonArray inputs = [];
    private readonly JsonObject root;

    public RunManifest(string command)
    {
        root = new JsonObject
        {
            ["tool"] = "clustersim",
            ["version"] = ToolVersion,
            ["command"] = command,
            ["inputs"] = inputs,
        };
    }

    /// <summary>The informational version of the clustersim assembly, including the source revision when the build knew it.</summary>
    public static string ToolVersion { get; } =
        typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Records an input by its role, the path as the user gave it, its size and SHA-256.</summary>
    public void AddInput(string role, string path, byte[] content) =>
        inputs.Add(new JsonObject
        {
            ["role"] = role,
            ["path"] = path,
            ["bytes"] = content.Length,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
        });

    /// <summary>Sets a top-level section such as "settings" or "runs".</summary>
    public void Set(string name, JsonNode? value) => root[name] = value;

    /// <summary>
    /// Returns the manifest file and the output files that the manifest at <paramref name="path"/>
    /// lists, or an empty set when there is no readable clustersim manifest there.
    /// </summary>
    public static HashSet<string> ListedOutputs(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject manifest
                && manifest["tool"]?.GetValue<string>() == "clustersim"
                && manifest["outputs"] is JsonArray outputs)
            {
                names.Add(FileName);
                foreach (var output in outputs)
                {
                    if (output?["file"]?.GetValue<string>() is { } file)
                    {
                        names.Add(file);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            // No manifest, or not ours: nothing in the folder counts as an earlier result.
        }

        return names;
    }

    /// <summary>Hashes every file in <paramref name="directory"/> into the manifest and writes it there.</summary>
    public void WriteTo(string directory)
    {
        var outputs = new JsonArray();
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            outputs.Add(new JsonObject
            {
                ["file"] = Path.GetFileName(file),
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream)),
            });
        }

        root["outputs"] = outputs;
        var json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(directory, FileName), json + "\n");
    }
}
