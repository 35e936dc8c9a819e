using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Simulation.Tests;

public class EventLoopTests
{
    private static TimeSpan Seconds(double value) => TimeSpan.FromSeconds(value);

    [Fact]
    public void Run_OrdersByTimeThenKind()
    {
        var loop = new EventLoop<string>();
        loop.Schedule(Seconds(5), 0, "t5-kind0");
        loop.Schedule(Seconds(1), 2, "t1-kind2");
        loop.Schedule(Seconds(1), 0, "t1-kind0");
        loop.Schedule(Seconds(3), 1, "t3-kind1");
        loop.Schedule(Seconds(1), 1, "t1-kind1");
        var handled = new List<string>();

        loop.Run(handled.Add);

        Assert.Equal(["t1-kind0", "t1-kind1", "t1-kind2", "t3-kind1", "t5-kind0"], handled);
    }

    [Fact]
    public void Run_OrdersEqualTimesFifo()
    {
        // PriorityQueue alone returns equal priorities out of insertion order, so this
        // passes only if the loop breaks ties by scheduling order.
        var loop = new EventLoop<int>();
        const int count = 500;
        for (var i = 0; i < count; i++)
        {
            loop.Schedule(Seconds(7), 3, i);
        }

        var handled = new List<int>();

        loop.Run(handled.Add);

        Assert.Equal(Enumerable.Range(0, count), handled);
    }

    [Fact]
    public void Run_OrdersEqualKeysFifoAcrossTimes()
    {
        // Events of two times and two kinds are scheduled interleaved. Inside each
        // (time, kind) group they must still run in scheduling order.
        var loop = new EventLoop<string>();
        for (var i = 0; i < 50; i++)
        {
            loop.Schedule(Seconds(2), 1, $"t2-kind1-{i}");
            loop.Schedule(Seconds(1), 1, $"t1-kind1-{i}");
            loop.Schedule(Seconds(1), 0, $"t1-kind0-{i}");
        }

        var handled = new List<string>();

        loop.Run(handled.Add);

        var expected = Enumerable.Range(0, 50).Select(i => $"t1-kind0-{i}")
            .Concat(Enumerable.Range(0, 50).Select(i => $"t1-kind1-{i}"))
            .Concat(Enumerable.Range(0, 50).Select(i => $"t2-kind1-{i}"));
        Assert.Equal(expected, handled);
    }

    [Fact]
    public void Run_AdvancesClockToEachEvent()
    {
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(2.5), 0, 1);
        loop.Schedule(Seconds(0), 0, 0);
        loop.Schedule(Seconds(10), 0, 2);
        var clock = new List<TimeSpan>();

        loop.Run(_ => clock.Add(loop.Now));

        Assert.Equal([Seconds(0), Seconds(2.5), Seconds(10)], clock);
        Assert.Equal(Seconds(10), loop.Now);
        Assert.Equal(3, loop.HandledCount);
        Assert.Equal(0, loop.PendingCount);
    }

    [Fact]
    public void Schedule_BeforeNowThrows()
    {
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(4), 0, 0);
        loop.Run(_ => { });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => loop.Schedule(Seconds(3), 0, 1));

        Assert.Equal("time", error.ParamName);
        Assert.Equal(0, loop.PendingCount);
    }

    [Fact]
    public void Schedule_AtNowIsAccepted()
    {
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(4), 0, 0);
        loop.Run(_ => { });

        loop.Schedule(Seconds(4), 0, 1);

        Assert.Equal(1, loop.PendingCount);
    }

    [Fact]
    public void Schedule_FromHandlerBeforeNowThrows()
    {
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(4), 0, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => loop.Run(_ => loop.Schedule(Seconds(1), 0, 1)));
    }

    [Fact]
    public void Run_UntilLeavesLaterEventsPending()
    {
        var loop = new EventLoop<int>();
        foreach (var second in new[] { 1, 2, 5, 8 })
        {
            loop.Schedule(Seconds(second), 0, second);
        }

        var handled = new List<int>();

        loop.Run(handled.Add, until: Seconds(4));

        Assert.Equal([1, 2], handled);
        Assert.Equal(Seconds(4), loop.Now);
        Assert.Equal(2, loop.PendingCount);
        Assert.Equal(2, loop.HandledCount);
    }

    [Fact]
    public void Run_UntilHandlesEventAtLimit()
    {
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(3), 0, 3);
        loop.Schedule(Seconds(4), 0, 4);
        var handled = new List<int>();

        loop.Run(handled.Add, until: Seconds(3));

        Assert.Equal([3], handled);
        Assert.Equal(Seconds(3), loop.Now);
        Assert.Equal(1, loop.PendingCount);
    }

    [Fact]
    public void Run_ResumesAfterUntil()
    {
        var loop = new EventLoop<int>();
        foreach (var second in new[] { 1, 5, 8 })
        {
            loop.Schedule(Seconds(second), 0, second);
        }

        var handled = new List<int>();
        loop.Run(handled.Add, until: Seconds(4));

        loop.Run(handled.Add);

        Assert.Equal([1, 5, 8], handled);
        Assert.Equal(Seconds(8), loop.Now);
        Assert.Equal(0, loop.PendingCount);
    }

    [Fact]
    public void Run_UntilPastLastEventKeepsItsTime()
    {
        // With nothing left beyond the limit, the clock stays at the last handled event.
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(2), 0, 2);

        loop.Run(_ => { }, until: Seconds(9));

        Assert.Equal(Seconds(2), loop.Now);
    }

    [Fact]
    public void Run_HandlerSchedulesMoreEvents()
    {
        var loop = new EventLoop<int>();
        loop.Schedule(Seconds(0), 0, 0);
        var handled = new List<(int Payload, TimeSpan Time)>();

        loop.Run(n =>
        {
            handled.Add((n, loop.Now));
            if (n < 3)
            {
                loop.ScheduleAfter(Seconds(2), 0, n + 1);
            }
        });

        Assert.Equal([(0, Seconds(0)), (1, Seconds(2)), (2, Seconds(4)), (3, Seconds(6))], handled);
        Assert.Equal(4, loop.HandledCount);
    }

    [Fact]
    public void Run_HandlerEventAtNowRunsByKind()
    {
        // An event scheduled at the current time with a smaller kind runs before an equal-time
        // event of a larger kind that was already waiting.
        var loop = new EventLoop<string>();
        loop.Schedule(Seconds(1), 0, "first");
        loop.Schedule(Seconds(1), 2, "waiting-kind2");
        var handled = new List<string>();

        loop.Run(payload =>
        {
            handled.Add(payload);
            if (payload == "first")
            {
                loop.Schedule(loop.Now, 1, "added-kind1");
                loop.Schedule(loop.Now, 2, "added-kind2");
            }
        });

        Assert.Equal(["first", "added-kind1", "waiting-kind2", "added-kind2"], handled);
    }
}
