namespace ClusterSim.Cli.Tests;

public class OpenbCommandInputTests
{
    private const string Nodes = "sn,cpu_milli,memory_mib,gpu,model\nn1,64000,262144,2,T4\nn2,96000,786432,8,G2\n";
    private const string Pods = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\np1,4000,8192,1,500,\np2,8000,16384,1,1000,\n";

    [Fact]
    public void UnknownPolicy_ExitsTwoWithoutOutput()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--policies", "fgd,Tetris", "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(
            "error: Invalid --policies 'fgd,Tetris': unknown policy 'Tetris'. Valid policies: random, dotprod, gpuclustering, gpupacking, bestfit, fgd.",
            stderr.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("NaN")]
    public void InvalidInflation_ExitsTwo(string inflation)
    {
        using var folder = CliRunner.NewFolder();

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--inflation", inflation, "--out", folder.Sub("out"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.StartsWith($"error: Invalid --inflation {inflation}:", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Sub("out")));
    }

    [Fact]
    public void UnparsableOption_ExitsTwo()
    {
        var (exitCode, _, stderr) = CliRunner.Run("openb", "--inflation", "lots");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("lots", stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'clustersim openb --help' for usage.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NodesWithoutPods_ExitsTwo()
    {
        using var folder = CliRunner.NewFolder();
        var nodes = folder.File("nodes.csv", Nodes);

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--nodes", nodes, "--out", folder.Sub("out"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("error: Give both --nodes and --pods, or neither to use the built-in sample.", stderr.Trim());
    }

    [Fact]
    public void MalformedTraces_ListEveryProblem()
    {
        using var folder = CliRunner.NewFolder();
        var nodes = folder.File("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn1,abc,262144,2,T4\nn2,96000,786432,-8,G2\n");
        var pods = folder.File("pods.csv", "name,cpu_milli,memory_mib,num_gpu\np1,4000,8192,1\n");
        var output = folder.Sub("out");

        var (exitCode, stdout, stderr) = CliRunner.Run("openb", "--nodes", nodes, "--pods", pods, "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(string.Empty, stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("info:", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal("error: the trace input has 3 problem(s); nothing was written:", lines[0]);
        Assert.Equal($"{nodes}:2: column 'cpu_milli', value 'abc': is not a whole number; write a non-negative integer", lines[1]);
        Assert.Equal($"{nodes}:3: column 'gpu', value '-8': is negative; write a non-negative integer", lines[2]);
        Assert.StartsWith($"{pods}:1: missing column(s) gpu_milli;", lines[3], StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void MissingPodFile_NamedWithNodeProblems()
    {
        using var folder = CliRunner.NewFolder();
        var nodes = folder.File("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn1,1,1,1\n");
        var pods = folder.Sub("absent.csv");

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--nodes", nodes, "--pods", pods, "--out", folder.Sub("out"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"{pods}: file not found; check the --pods path", stderr, StringComparison.Ordinal);
        Assert.Contains($"{nodes}:2: the row has 4 fields but the header has 5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterWithoutGpus_ExitsTwo()
    {
        using var folder = CliRunner.NewFolder();
        var nodes = folder.File("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn1,64000,262144,0,\n");
        var pods = folder.File("pods.csv", Pods);

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--nodes", nodes, "--pods", pods, "--out", folder.Sub("out"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("the cluster has no GPUs", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExistingResults_KeptWithoutForce()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Directory.CreateDirectory(output);
        var previous = Path.Combine(output, "summary.csv");
        File.WriteAllText(previous, "earlier results");

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--seeds", "1", "--policies", "fgd", "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(
            $"error: Output folder '{output}' already contains results; choose another --out or pass --force to replace them.",
            stderr.Trim());
        Assert.Equal("earlier results", File.ReadAllText(previous));
    }

    [Fact]
    public void Force_ReplacesExistingResults()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "stale.txt"), "earlier results");

        var (exitCode, _, _) = CliRunner.Run("openb", "--seeds", "1", "--policies", "fgd", "--out", output, "--force");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.False(File.Exists(Path.Combine(output, "stale.txt")));
        Assert.True(File.Exists(Path.Combine(output, "summary.csv")));
        Assert.Empty(Directory.GetDirectories(folder.Path, ".out.partial-*"));
    }
}
