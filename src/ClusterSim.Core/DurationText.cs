using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterSim.Core;

/// <summary>Durations written as days, hours, minutes and seconds, such as 45s, 90m, 3h, 2d or 1d6h30m.</summary>
public static partial class DurationText
{
    /// <summary>Parses <paramref name="text"/>; returns false when it is not of that form.</summary>
    public static bool TryParse(string text, out double seconds)
    {
        var match = Pattern().Match(text);
        if (!match.Success || match.Length == 0)
        {
            seconds = 0;
            return false;
        }

        seconds = (Part(match, "d") * 86_400) + (Part(match, "h") * 3_600) + (Part(match, "m") * 60) + Part(match, "s");
        return true;
    }

    private static double Part(Match match, string unit) =>
        match.Groups[unit].Success ? double.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex Pattern();
}
