using System.Globalization;

namespace ClusterSim.Cli;

/// <summary>Parses seed lists such as "42-51" or "1,5,9-12".</summary>
public static class SeedList
{
    /// <summary>Largest number of seeds one command accepts.</summary>
    public const int MaxSeeds = 10_000;

    /// <exception cref="UsageException">The text is not a list of non-negative integers and ascending ranges.</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        var seeds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1 < part.Length ? 1 : 0);
            if (dash > 0)
            {
                var first = ParseOne(part[..dash], text);
                var last = ParseOne(part[(dash + 1)..], text);
                if (last < first)
                {
                    throw new UsageException($"Invalid --seeds '{text}': the range {part} ends before it starts; write it as low-high, e.g. 42-51.");
                }

                if ((long)last - first + 1 + seeds.Count > MaxSeeds)
                {
                    throw new UsageException($"Invalid --seeds '{text}': more than {MaxSeeds} seeds; use a shorter range.");
                }

                for (var seed = first; seed <= last; seed++)
                {
                    seeds.Add(seed);
                }
            }
            else
            {
                seeds.Add(ParseOne(part, text));
            }
        }

        var distinct = seeds.Distinct().ToList();
        return distinct.Count == seeds.Count
            ? distinct
            : throw new UsageException($"Invalid --seeds '{text}': a seed is listed twice; list each seed once.");
    }

    private static int ParseOne(string value, string text) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new UsageException(
                $"Invalid --seeds '{text}': '{value}' is not a non-negative integer; write seeds like 42-51 or 1,5,9-12.");
}
