using System.Globalization;
using System.IO.Compression;

namespace ClusterSim.Traces.Swf;

/// <summary>
/// Reads Standard Workload Format logs (the Parallel Workloads Archive's format): header lines
/// start with ';', and each job is one line of 18 whitespace-separated integers, -1 for
/// unknown. Files ending in .gz are decompressed on the fly.
/// </summary>
public static class SwfReader
{
    /// <summary>Number of fields in a job line.</summary>
    public const int FieldCount = 18;

    private static readonly string[] FieldNames =
    [
        "job number", "submit time", "wait time", "run time", "allocated processors", "average CPU time", "used memory",
        "requested processors", "requested time", "requested memory", "status", "user", "group", "executable", "queue",
        "partition", "preceding job", "think time",
    ];

    public static IReadOnlyList<SwfJob> ReadFile(string path)
    {
        using var file = TraceFile.Open(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return Read(path, file);
        }

        using var unzipped = new StreamReader(new GZipStream(file.BaseStream, CompressionMode.Decompress));
        try
        {
            return Read(path, unzipped);
        }
        catch (InvalidDataException e)
        {
            throw new TraceFormatException([new TraceError(path, 0, string.Empty, string.Empty, $"is not a valid gzip file ({e.Message}); decompress it or check the download")]);
        }
    }

    public static IReadOnlyList<SwfJob> Read(string path, TextReader reader)
    {
        var errors = new List<TraceError>();
        var jobs = new List<SwfJob>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith(';'))
            {
                continue;
            }

            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != FieldCount)
            {
                errors.Add(new TraceError(path, lineNumber, string.Empty, string.Empty,
                    $"has {fields.Length} fields; a Standard Workload Format job line has {FieldCount} whitespace-separated integers"));
                continue;
            }

            var values = new long[FieldCount];
            var valid = true;
            for (var i = 0; i < FieldCount; i++)
            {
                if (!long.TryParse(fields[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]) || values[i] < -1)
                {
                    errors.Add(new TraceError(path, lineNumber, FieldNames[i], fields[i], "is not an integer of -1 (unknown) or more"));
                    valid = false;
                }
            }

            if (valid && values[1] < 0)
            {
                errors.Add(new TraceError(path, lineNumber, FieldNames[1], fields[1], "is unknown; every job needs a submit time"));
                valid = false;
            }

            if (valid)
            {
                jobs.Add(new SwfJob(values[0], values[1], Known(values[2]), Known(values[3]), Known(values[4]), Known(values[7]),
                    Known(values[8]), Known(values[11]), Known(values[14])));
            }
        }

        if (errors.Count == 0 && jobs.Count == 0)
        {
            errors.Add(new TraceError(path, 0, string.Empty, string.Empty, "contains no job lines"));
        }

        return errors.Count > 0 ? throw new TraceFormatException(errors) : jobs;
    }

    private static long? Known(long value) => value == -1 ? null : value;
}
