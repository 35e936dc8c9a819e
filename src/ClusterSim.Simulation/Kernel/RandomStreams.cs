using MathNet.Numerics.Random;

namespace ClusterSim.Simulation.Kernel;

/// <summary>
/// Independent, reproducible random streams derived from one run seed. Each named stream is a
/// Mersenne Twister seeded from the run seed and the stream name, so adding draws to one stream
/// never shifts another.
/// </summary>
public sealed class RandomStreams(int seed)
{
    public int Seed { get; } = seed;

    /// <summary>Creates the stream called <paramref name="name"/>; the same name gives the same sequence.</summary>
    public Random Create(string name) => new MersenneTwister(DeriveSeed(Seed, name), threadSafe: false);

    /// <summary>Mixes the seed and a stable FNV-1a hash of the name, independent of the process.</summary>
    internal static int DeriveSeed(int seed, string name)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var c in name)
        {
            hash = (hash ^ c) * prime;
        }

        return unchecked((int)(hash ^ (uint)seed * 0x9E3779B1u));
    }
}
