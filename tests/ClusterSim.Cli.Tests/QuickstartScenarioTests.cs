namespace ClusterSim.Cli.Tests;

public class QuickstartScenarioTests
{
    [Fact]
    public void Simulate_WithoutFileRunsQuickstart()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");

        var (exitCode, stdout, _) = CliRunner.Run("simulate", "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("scenario quickstart, 7 days", stdout, StringComparison.Ordinal);
        var manifest = File.ReadAllText(Path.Combine(output, "manifest.json"));
        Assert.Contains("\"path\": \"embedded:scenarios/quickstart.yaml\"", manifest, StringComparison.Ordinal);

        // The README reports these outcomes of the built-in scenario.
        var summary = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Contains("sla_misses,,0,jobs", summary);
        Assert.Contains("backfill_completed,,29,jobs", summary);
        Assert.Contains("backfill_skipped,,1,jobs", summary);
        Assert.Contains("artifact_overwrites,,0,violations", summary);
    }
}
