namespace ClusterSim.Simulation.Tests;

/// <summary>
/// A <see cref="Random"/> whose draws a test writes down in advance, so that shuffles and
/// sampled indices can be worked out by hand.
/// </summary>
/// <remarks>
/// <see cref="Next(int)"/> returns the next value of the index script, and
/// <see cref="Next(int, int)"/> the next value of the range script.
/// <see cref="Random.Shuffle{T}(Span{T})"/> calls the latter as Next(i, n) for i = 0..n-2.
/// Without a range script it returns <c>minValue</c>, which leaves every shuffled list in its
/// original order. Running out of a script, a scripted value outside the requested range, or a
/// call to any other method throws. A test therefore fails when the code under test draws more,
/// or differently, than the test expects. <see cref="Calls"/> records every draw in order.
/// </remarks>
internal sealed class ScriptedRandom : Random
{
    private readonly Queue<int> indexDraws;
    private readonly Queue<int>? rangeDraws;

    public ScriptedRandom(int[] indexDraws, int[]? rangeDraws = null)
    {
        this.indexDraws = new Queue<int>(indexDraws);
        this.rangeDraws = rangeDraws is null ? null : new Queue<int>(rangeDraws);
    }

    /// <summary>Draws made so far, written as "Next(n)" or "Next(min,max)".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Number of scripted index draws not yet used.</summary>
    public int UnusedIndexDraws => indexDraws.Count;

    /// <summary>Number of scripted range draws not yet used, or 0 without a range script.</summary>
    public int UnusedRangeDraws => rangeDraws?.Count ?? 0;

    public override int Next(int maxValue)
    {
        Calls.Add($"Next({maxValue})");
        if (!indexDraws.TryDequeue(out var value))
        {
            throw new InvalidOperationException($"Next({maxValue}) was called after the {Calls.Count - 1} scripted draws ran out.");
        }

        return value >= 0 && value < maxValue
            ? value
            : throw new InvalidOperationException($"The scripted draw {value} is outside [0, {maxValue}).");
    }

    public override int Next(int minValue, int maxValue)
    {
        Calls.Add($"Next({minValue},{maxValue})");
        if (rangeDraws is null)
        {
            return minValue;
        }

        if (!rangeDraws.TryDequeue(out var value))
        {
            throw new InvalidOperationException($"Next({minValue},{maxValue}) was called after the scripted range draws ran out.");
        }

        return value >= minValue && value < maxValue
            ? value
            : throw new InvalidOperationException($"The scripted draw {value} is outside [{minValue}, {maxValue}).");
    }

    public override int Next() => throw Unexpected(nameof(Next));

    public override long NextInt64() => throw Unexpected(nameof(NextInt64));

    public override long NextInt64(long maxValue) => throw Unexpected(nameof(NextInt64));

    public override long NextInt64(long minValue, long maxValue) => throw Unexpected(nameof(NextInt64));

    public override double NextDouble() => throw Unexpected(nameof(NextDouble));

    public override float NextSingle() => throw Unexpected(nameof(NextSingle));

    public override void NextBytes(byte[] buffer) => throw Unexpected(nameof(NextBytes));

    public override void NextBytes(Span<byte> buffer) => throw Unexpected(nameof(NextBytes));

    protected override double Sample() => throw Unexpected(nameof(Sample));

    private static InvalidOperationException Unexpected(string method) =>
        new($"{method} is not scripted; the test expects only Next(int) and Next(int, int) draws.");
}
