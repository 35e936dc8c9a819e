using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Reads the fields of one YAML mapping with their line numbers, collecting a
/// <see cref="ScenarioError"/> for every missing, unknown or invalid field instead of stopping
/// at the first. A getter that finds a problem records it and returns null.
/// </summary>
internal sealed partial class YamlFields
{
    private readonly string file;
    private readonly List<ScenarioError> errors;
    private readonly YamlNode node;
    private readonly Dictionary<string, YamlNode> children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, YamlNode> keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public YamlFields(string file, List<ScenarioError> errors, string path, YamlNode node)
    {
        this.file = file;
        this.errors = errors;
        this.node = node;
        Path = path;
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                if (key is YamlScalarNode scalarKey)
                {
                    children[scalarKey.Value ?? string.Empty] = value;
                    keys[scalarKey.Value ?? string.Empty] = key;
                }
                else
                {
                    Error(key, path, $"has a key that is {Describe(key)}; field names must be plain words");
                }
            }
        }
        else
        {
            Error(node, path, $"must be a mapping of fields (key: value), found {Describe(node)}");
        }
    }

    /// <summary>Longest duration a scenario may give: 100 years, far beyond any useful horizon.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(36_525);

    public string Path { get; }

    /// <summary>Reports every field that no getter asked for, so typos do not pass silently.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (key, value) in children)
        {
            if (!read.Contains(key) && !known.Contains(key))
            {
                Error(keys[key], Child(key), $"is not a known field here; check its spelling (known fields: {string.Join(", ", read.Concat(known).Order(StringComparer.Ordinal))})");
            }
        }
    }

    public bool Has(string key) => children.ContainsKey(key);

    public string? Text(string key, bool required = false, string? fallback = null)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return fallback;
        }

        return scalar.Value ?? string.Empty;
    }

    public long? Integer(string key, bool required = false, long? fallback = null, long min = long.MinValue, long max = long.MaxValue)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return fallback;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return Invalid<long>(scalar, key, "is not a whole number");
        }

        return Range(scalar, key, value, min, max);
    }

    public double? Number(string key, bool required = false, double? fallback = null, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return fallback;
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return Invalid<double>(scalar, key, "is not a number");
        }

        if (value < min || value > max)
        {
            var bound = max == double.MaxValue
                ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
                : $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            Error(scalar, Child(key), $"value '{scalar.Value}' is out of range; give a number {bound}");
            return null;
        }

        return value;
    }

    /// <summary>Reads a priority: a whole number, or the name of a priority class.</summary>
    public long? Priority(string key, IReadOnlyDictionary<string, int> classes)
    {
        if (Scalar(key, required: false) is not { } scalar)
        {
            return 0;
        }

        if (long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return Range(scalar, key, value, int.MinValue, int.MaxValue);
        }

        return classes.TryGetValue(scalar.Value ?? string.Empty, out var named)
            ? named
            : Invalid<long>(scalar, key, classes.Count == 0
                ? "is not a whole number, and no priorityClasses are defined"
                : $"is not a whole number or a priority class ({string.Join(", ", classes.Keys.Order(StringComparer.Ordinal))})");
    }

    public bool? Boolean(string key, bool fallback)
    {
        if (Scalar(key, required: false) is not { } scalar)
        {
            return fallback;
        }

        return scalar.Value switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => Invalid<bool>(scalar, key, "is not true or false"),
        };
    }

    /// <summary>Parses a duration such as 45s, 90m, 3h, 2d or 1d6h30m.</summary>
    public TimeSpan? Duration(string key, bool required = false, TimeSpan? fallback = null, bool allowZero = false)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return fallback;
        }

        if (!DurationText.TryParse(scalar.Value ?? string.Empty, out var seconds))
        {
            return Invalid<TimeSpan>(scalar, key, "is not a duration; write it like 45s, 90m, 3h, 2d or 1d6h30m");
        }

        if (seconds > MaxDuration.TotalSeconds)
        {
            return Invalid<TimeSpan>(scalar, key, $"is out of range; give at most {MaxDuration.TotalDays:0} days");
        }

        var value = TimeSpan.FromSeconds(seconds);
        if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero))
        {
            return Invalid<TimeSpan>(scalar, key, "must be longer than zero");
        }

        return value;
    }

    /// <summary>Parses a time of day such as 02:00, allowing hours past 24 for the next days (30:00).</summary>
    public TimeSpan? ClockTime(string key, bool required = false)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        var match = ClockPattern().Match(scalar.Value ?? string.Empty);
        if (!match.Success || int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) >= 60)
        {
            return Invalid<TimeSpan>(scalar, key, "is not a time of day; write HH:MM, e.g. 02:00, or 30:00 for 06:00 the next day");
        }

        return TimeSpan.FromHours(int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture))
            + TimeSpan.FromMinutes(int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture));
    }

    public DateOnly? Date(string key, bool required = false)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        return DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : Invalid<DateOnly>(scalar, key, "is not a date; write YYYY-MM-DD");
    }

    /// <summary>Parses memory in Kubernetes quantity form (512Mi, 64Gi, 1Ti) into MiB.</summary>
    public long? MemoryMib(string key, bool required = false, long? fallback = null)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return fallback;
        }

        var match = MemoryPattern().Match(scalar.Value ?? string.Empty);
        if (!match.Success)
        {
            return Invalid<long>(scalar, key, "is not a memory size; write it like 512Mi, 64Gi or 1Ti");
        }

        var amount = long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["u"].Value switch
        {
            "Mi" => amount,
            "Gi" => amount * 1024,
            _ => amount * 1024 * 1024,
        };
    }

    /// <summary>Parses CPU as Kubernetes writes it: cores (8, 0.5) or millicores (500m), into millicores.</summary>
    public long? CpuMilli(string key, bool required = false, long? fallback = null)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return fallback;
        }

        var text = scalar.Value ?? string.Empty;
        if (text.EndsWith('m') && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var milli))
        {
            return milli;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) && cores >= 0 && cores < 1e9)
        {
            return (long)Math.Round(cores * 1000);
        }

        return Invalid<long>(scalar, key, "is not a CPU amount; write cores (8, 0.5) or millicores (500m)");
    }

    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices, T fallback)
        where T : struct
    {
        if (Scalar(key, required: false) is not { } scalar)
        {
            return fallback;
        }

        return choices.TryGetValue(scalar.Value ?? string.Empty, out var value)
            ? value
            : Invalid<T>(scalar, key, $"is not one of {string.Join(", ", choices.Keys)}");
    }

    /// <summary>Returns the nested mapping under <paramref name="key"/>, or null when it is absent.</summary>
    public YamlFields? Mapping(string key, bool required = false)
    {
        read.Add(key);
        if (!children.TryGetValue(key, out var child))
        {
            if (required)
            {
                Error(node, Child(key), "is missing; add it");
            }

            return null;
        }

        return new YamlFields(file, errors, Child(key), child);
    }

    /// <summary>Returns the mappings of the sequence under <paramref name="key"/>; empty when it is absent.</summary>
    public IReadOnlyList<YamlFields> List(string key, bool required = false)
    {
        read.Add(key);
        if (!children.TryGetValue(key, out var child))
        {
            if (required)
            {
                Error(node, Child(key), "is missing; add a list with at least one entry");
            }

            return [];
        }

        if (child is not YamlSequenceNode sequence)
        {
            Error(child, Child(key), $"must be a list (entries starting with '- '), found {Describe(child)}");
            return [];
        }

        return [.. sequence.Children.Select((item, i) => new YamlFields(file, errors, $"{Child(key)}[{i}]", item))];
    }

    /// <summary>Records a problem with the field <paramref name="key"/> of this mapping.</summary>
    public void Error(string key, string problem) =>
        Error(children.TryGetValue(key, out var child) ? child : node, Child(key), problem);

    private YamlScalarNode? Scalar(string key, bool required)
    {
        read.Add(key);
        if (!children.TryGetValue(key, out var child))
        {
            if (required)
            {
                Error(node, Child(key), "is missing; add it");
            }

            return null;
        }

        if (child is not YamlScalarNode scalar)
        {
            Error(child, Child(key), $"must be a single value, found {Describe(child)}");
            return null;
        }

        return scalar;
    }

    private T? Invalid<T>(YamlScalarNode scalar, string key, string problem)
        where T : struct
    {
        Error(scalar, Child(key), $"value '{scalar.Value}' {problem}");
        return null;
    }

    private long? Range(YamlScalarNode scalar, string key, long value, long min, long max)
    {
        if (value >= min && value <= max)
        {
            return value;
        }

        var bound = max == long.MaxValue ? $"at least {min}" : $"from {min} to {max}";
        Error(scalar, Child(key), $"value '{scalar.Value}' is out of range; give a whole number {bound}");
        return null;
    }

    private void Error(YamlNode at, string field, string problem) =>
        errors.Add(new ScenarioError(file, (int)at.Start.Line, (int)at.Start.Column, field, problem));

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"the value '{scalar.Value}'",
        _ => "something else",
    };

    [GeneratedRegex(@"^(?<h>\d{1,3}):(?<m>\d{2})$")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"^(?<n>\d{1,9})(?<u>Mi|Gi|Ti)$")]
    private static partial Regex MemoryPattern();
}
