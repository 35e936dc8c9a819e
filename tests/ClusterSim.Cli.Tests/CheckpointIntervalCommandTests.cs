namespace ClusterSim.Cli.Tests;

public class CheckpointIntervalCommandTests
{
    [Fact]
    public void Intervals_PrintedForDalyCase()
    {
        var (exitCode, stdout, _) = CliRunner.Run("checkpoint-interval", "--checkpoint-cost", "5m", "--restart-cost", "10m", "--mtbf", "24h");

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Young: √(2 · 5 · 1440) = 120 min; Daly's higher-order interval is about 117 min.
        Assert.Equal("Young 120.00 1.0958 547.90", Squeeze(lines[2]));
        Assert.Equal("Daly higher order 116.69 1.0958 547.88", Squeeze(lines[4]));
    }

    [Fact]
    public void Nodes_DivideTheMtbf()
    {
        var (_, stdout, _) = CliRunner.Run("checkpoint-interval", "--checkpoint-cost", "5m", "--restart-cost", "10m", "--mtbf", "48h", "--nodes", "2");

        Assert.StartsWith("job MTBF 24 h (48 h per node, 2 node(s))", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_WrittenToNewFile()
    {
        using var folder = CliRunner.NewFolder();
        var plot = folder.Sub("curve.png");

        var (exitCode, _, _) = CliRunner.Run("checkpoint-interval", "--checkpoint-cost", "5m", "--restart-cost", "10m", "--mtbf", "6h",
            "--replications", "50", "--plot", plot);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.True(new FileInfo(plot).Length > 1000);
    }

    [Fact]
    public void InvalidOptions_AllReported()
    {
        var (exitCode, _, stderr) = CliRunner.Run("checkpoint-interval", "--checkpoint-cost", "five", "--restart-cost", "10m", "--mtbf", "0h",
            "--nodes", "0");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
        [
            "error: Invalid --checkpoint-cost 'five': write a duration like 45s, 90m, 3h or 1d6h above zero.",
            "error: Invalid --mtbf '0h': write a duration like 45s, 90m, 3h or 1d6h above zero.",
            "error: Invalid --nodes 0: give at least 1.",
        ], lines);
    }

    [Fact]
    public void CostAboveTwiceMtbf_UsesMtbf()
    {
        // With C ≥ 2M Daly's higher-order interval is M itself, and nothing overflows.
        var (exitCode, stdout, _) = CliRunner.Run("checkpoint-interval", "--checkpoint-cost", "3h", "--restart-cost", "10m", "--mtbf", "1h");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("Daly higher order 60.00 ", Squeeze(stdout.Split('\n')[4].Trim()), StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroCost_Rejected()
    {
        var (exitCode, _, stderr) = CliRunner.Run("checkpoint-interval", "--checkpoint-cost", "0s", "--restart-cost", "10m", "--mtbf", "1h");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("error: Invalid --checkpoint-cost '0s': write a duration like 45s, 90m, 3h or 1d6h above zero.", stderr.Trim());
    }

    private static string Squeeze(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
