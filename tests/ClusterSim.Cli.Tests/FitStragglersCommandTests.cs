using System.Globalization;
using System.Text;

namespace ClusterSim.Cli.Tests;

public class FitStragglersCommandTests
{
    /// <summary>
    /// Three workers over 100 iterations with a mini-batch time of 100; worker 1 takes 300 at
    /// iterations 20 to 29 and worker 2 takes 200 at iterations 60 to 64.
    /// </summary>
    private static string TwoEpisodes()
    {
        var text = new StringBuilder(",worker,gpu,time,batch_time_norm\n");
        var row = 0;
        for (var t = 1; t <= 100; t++)
        {
            for (var w = 0; w < 3; w++)
            {
                var time = BatchTime(w, t);
                text.Append(CultureInfo.InvariantCulture, $"{row++},{w},8,{t},{time}\n");
            }
        }

        return text.ToString();
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
    public void Fit_PrintsScenarioSection()
    {
        using var folder = CliRunner.NewFolder();
        var file = folder.File("job.csv", TwoEpisodes());

        var (exitCode, stdout, _) = CliRunner.Run("fit-stragglers", file, "--threshold", "1.5");

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // 2 episodes in 300 worker-seconds is 576 a day; episode lengths 10 s and 5 s have a
        // log-normal median of √50 ≈ 7 s and σ = ln 2 / √2 ≈ 0.49.
        Assert.Equal("# 2 episodes in 300 worker-iterations of 1 job(s), threshold 1.5, 1 s per iteration", lines[0]);
        Assert.Equal("faults:", lines[1]);
        Assert.Equal("stragglers:", lines[2]);
        Assert.Equal("ratePerNodePerDay: 576", lines[3]);
        Assert.Equal("medianDuration: 7s", lines[4]);
        Assert.Equal("durationSigma: 0.49", lines[5]);
    }

    [Fact]
    public void IterationTime_StretchesDurations()
    {
        using var folder = CliRunner.NewFolder();
        var file = folder.File("job.csv", TwoEpisodes());

        var (_, stdout, _) = CliRunner.Run("fit-stragglers", file, "--threshold", "1.5", "--iteration-time", "1m");

        Assert.Contains("ratePerNodePerDay: 9.6\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("medianDuration: 424s\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_AllReported()
    {
        using var folder = CliRunner.NewFolder();
        var file = folder.File("job.csv", TwoEpisodes());

        var (exitCode, stdout, stderr) = CliRunner.Run("fit-stragglers", file, "--threshold", "0.9", "--iteration-time", "fast");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("Invalid --threshold 0.9", stderr, StringComparison.Ordinal);
        Assert.Contains("Invalid --iteration-time 'fast'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedRow_NamesFileLineAndValue()
    {
        using var folder = CliRunner.NewFolder();
        var file = folder.File("job.csv", ",worker,gpu,time,batch_time_norm\n0,0,8,1,100\n1,1,8,1,-3\n");

        var (exitCode, stdout, stderr) = CliRunner.Run("fit-stragglers", file);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("job.csv:3: column 'batch_time_norm', value '-3'", stderr, StringComparison.Ordinal);
    }
}
