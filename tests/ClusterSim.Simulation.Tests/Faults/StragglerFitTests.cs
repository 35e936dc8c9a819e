using ClusterSim.Simulation.Faults;
using ClusterSim.Traces.Pai;
using ClusterSim.Tests;

namespace ClusterSim.Simulation.Tests.Faults;

public class StragglerFitTests
{
    /// <summary>
    /// Three workers report every time unit from 1 to 100 with a mini-batch time of 100; worker
    /// 1 takes 300 from 20 to 29 and worker 2 takes 200 from 60 to 64.
    /// </summary>
    private static List<(int, long, double)> TwoEpisodes()
    {
        var samples = new List<(int, long, double)>();
        for (long t = 1; t <= 100; t++)
        {
            for (var w = 0; w < 3; w++)
            {
                var time = BatchTime(w, t);
                samples.Add((w, t, time));
            }
        }

        return samples;
    }

    private static int BatchTime(int worker, long iteration)
    {
        if (worker == 1 && iteration is >= 20 and <= 29)
        {
            return 300;
        }

        if (worker == 2 && iteration is >= 60 and <= 64)
        {
            return 200;
        }

        return 100;
    }

    [Fact]
    public void Fit_FindsBothEpisodes()
    {
        var fit = StragglerFit.Fit(TwoEpisodes(), 1.5, TimeSpan.FromSeconds(1));

        Assert.Equal(2, fit.Episodes);
        Assert.Equal(300, fit.WorkerTime);
        Assert.Equal(10, fit.StragglingIterationsByWorker[1]);
        Assert.Equal(5, fit.StragglingIterationsByWorker[2]);
        Assert.Equal(0, fit.StragglingIterationsByWorker[0]);
    }

    [Fact]
    public void Fit_RateAndDurations()
    {
        var fit = StragglerFit.Fit(TwoEpisodes(), 1.5, TimeSpan.FromSeconds(1));

        // 2 episodes in 300 worker-seconds, per day; lengths 10 s and 5 s, log-normal fit.
        Assert.Equal(2.0 / 300 * 86_400, fit.RatePerNodePerDay, 9);
        Assert.Equal(Math.Sqrt(50), fit.MedianDuration.TotalSeconds, 3);
        Assert.Equal(Math.Log(2) / Math.Sqrt(2), fit.DurationSigma, 9);
        Assert.InRange(fit.SlowdownMin, 2, 3);
        Assert.InRange(fit.SlowdownMax, fit.SlowdownMin, 3);
    }

    [Fact]
    public void IterationTime_ScalesRateAndDuration()
    {
        var fit = StragglerFit.Fit(TwoEpisodes(), 1.5, TimeSpan.FromSeconds(2));

        Assert.Equal(2.0 / 300 * 43_200, fit.RatePerNodePerDay, 9);
        Assert.Equal(2 * Math.Sqrt(50), fit.MedianDuration.TotalSeconds, 3);
    }

    [Fact]
    public void PaiJob1_Worker6Straggles()
    {
        // The trace's own notes name worker 6 of job 1 as a straggler that appears mid-training.
        var path = TestTraces.Require("alibaba-pai-gpu-2020/mini-batch-time/job_1_norm.csv");
        var samples = MiniBatchReader.ReadFile(path).Select(s => (s.Worker, s.Iteration, s.Time));

        var fit = StragglerFit.Fit(samples, 1.2, TimeSpan.FromSeconds(1));

        Assert.Equal(6, fit.StragglingIterationsByWorker.MaxBy(p => p.Value).Key);
    }
}
