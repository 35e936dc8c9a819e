namespace ClusterSim.Simulation.Kernel;

/// <summary>
/// The order of simulation events: by time, then by kind (a smaller kind runs first at equal
/// times), then by the order in which they were scheduled. The sequence number makes the
/// order total, because <see cref="PriorityQueue{TElement, TPriority}"/> is not stable.
/// </summary>
public readonly record struct EventKey(TimeSpan Time, int Kind, long Sequence) : IComparable<EventKey>
{
    public int CompareTo(EventKey other)
    {
        var byTime = Time.CompareTo(other.Time);
        if (byTime != 0)
        {
            return byTime;
        }

        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(EventKey left, EventKey right) => left.CompareTo(right) < 0;

    public static bool operator >(EventKey left, EventKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventKey left, EventKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventKey left, EventKey right) => left.CompareTo(right) >= 0;
}
