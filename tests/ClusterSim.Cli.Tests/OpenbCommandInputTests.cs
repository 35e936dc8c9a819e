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
        Assert.Equal(ExitCodes.Success, CliRunner.Run("openb", "--seeds", "1", "--policies", "fgd", "--out", output).ExitCode);
        var previous = File.ReadAllBytes(Path.Combine(output, "summary.csv"));

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--seeds", "2", "--policies", "fgd", "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(
            $"error: Output folder '{output}' already contains results; choose another --out or pass --force to replace them.",
            stderr.Trim());
        Assert.Equal(previous, File.ReadAllBytes(Path.Combine(output, "summary.csv")));
    }

    [Fact]
    public void Force_ReplacesExistingResults()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("openb", "--seeds", "1", "--policies", "fgd,bestfit", "--out", output).ExitCode);

        var (exitCode, _, _) = CliRunner.Run("openb", "--seeds", "2", "--policies", "fgd", "--out", output, "--force");

        Assert.Equal(ExitCodes.Success, exitCode);
        var summary = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Equal(2, summary.Length);
        Assert.StartsWith("fgd,1,", summary[1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(folder.Path, ".out.partial-*"));
    }

    [Fact]
    public void Force_KeepsFolderWithOtherFiles()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Directory.CreateDirectory(Path.Combine(output, "src"));
        File.WriteAllText(Path.Combine(output, "README.md"), "not a result");

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--seeds", "1", "--policies", "fgd", "--out", output, "--force");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(
            $"error: Output folder '{output}' is not empty and holds files that are not clustersim results (README.md, src); choose a new or empty folder with --out.",
            stderr.Trim());
        Assert.Equal("not a result", File.ReadAllText(Path.Combine(output, "README.md")));
        Assert.True(Directory.Exists(Path.Combine(output, "src")));
    }

    [Fact]
    public void OutputUnderFile_RejectedBeforeRunning()
    {
        using var folder = CliRunner.NewFolder();
        var file = folder.File("results", "a file");
        var output = Path.Combine(file, "sub");

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--seeds", "1", "--policies", "fgd", "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal($"error: Output path '{output}' lies under '{file}', which is a file; give a folder path with --out.", stderr.Trim());
    }

    [Fact]
    public void OptionProblems_AllReportedAtOnce()
    {
        using var folder = CliRunner.NewFolder();

        var (exitCode, _, stderr) = CliRunner.Run("openb", "--policies", "fgd,fgd", "--seeds", "9-1", "--inflation", "0", "--parallelism", "0",
            "--out", folder.Sub("out"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("error: Invalid --policies 'fgd,fgd': a policy is listed twice", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("error: Invalid --inflation 0:", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("error: Invalid --parallelism 0:", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("error: Invalid --seeds '9-1':", lines[3], StringComparison.Ordinal);
    }
}
