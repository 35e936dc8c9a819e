using BenchmarkDotNet.Attributes;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Benchmarks;

/// <summary>
/// The event loop alone: a million events, each scheduling a successor at a pseudo-random
/// later time, with a steady queue of 1,000 pending events.
/// </summary>
[MemoryDiagnoser]
public class EventLoopBenchmarks
{
    private const int Events = 1_000_000;
    private const int Pending = 1_000;

    [Benchmark(Description = "Event loop: 1,000,000 events, 1,000 pending")]
    public long ScheduleAndRun()
    {
        var loop = new EventLoop<int>();
        var handled = 0;
        var state = 12345u;
        for (var i = 0; i < Pending; i++)
        {
            loop.Schedule(TimeSpan.FromSeconds(i), 0, i);
        }

        loop.Run(payload =>
        {
            if (++handled + Pending <= Events)
            {
                // A xorshift step gives later times without a Random call per event.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                loop.ScheduleAfter(TimeSpan.FromMilliseconds(state % 100_000), (int)(state % 3), payload);
            }
        });
        return loop.HandledCount;
    }
}
