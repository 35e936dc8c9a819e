namespace ClusterSim.Simulation.Kernel;

/// <summary>
/// A discrete-event loop with a virtual clock. Events carry a payload of type
/// <typeparamref name="TEvent"/> and run in <see cref="EventKey"/> order; handlers may
/// schedule further events at the current time or later. The loop never reads the wall clock,
/// so a run depends only on its inputs.
/// </summary>
/// <remarks>Not thread-safe: one loop belongs to one run.</remarks>
public sealed class EventLoop<TEvent>
{
    private readonly PriorityQueue<TEvent, EventKey> queue = new();
    private long nextSequence;

    /// <summary>Virtual time since the start of the run.</summary>
    public TimeSpan Now { get; private set; }

    /// <summary>Number of events handled so far.</summary>
    public long HandledCount { get; private set; }

    /// <summary>Number of events waiting.</summary>
    public int PendingCount => queue.Count;

    /// <summary>Schedules <paramref name="payload"/> at <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before <see cref="Now"/>.</exception>
    public void Schedule(TimeSpan time, int kind, TEvent payload)
    {
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"An event cannot be scheduled before the current time {Now}.");
        }

        queue.Enqueue(payload, new EventKey(time, kind, nextSequence++));
    }

    /// <summary>Schedules <paramref name="payload"/> <paramref name="delay"/> after <see cref="Now"/>.</summary>
    public void ScheduleAfter(TimeSpan delay, int kind, TEvent payload) => Schedule(Now + delay, kind, payload);

    /// <summary>
    /// Handles events in order until none is left or the next one lies after
    /// <paramref name="until"/>. The clock then stands at the last handled event's time, or at
    /// <paramref name="until"/> when events remain beyond it.
    /// </summary>
    public void Run(Action<TEvent> handler, TimeSpan? until = null)
    {
        while (queue.TryPeek(out _, out var key))
        {
            if (until is { } limit && key.Time > limit)
            {
                Now = limit;
                return;
            }

            var payload = queue.Dequeue();
            Now = key.Time;
            HandledCount++;
            handler(payload);
        }
    }
}
