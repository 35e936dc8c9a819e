using System.Text.Json.Nodes;

namespace ClusterSim.Cli.Tests;

public class ScenarioCommandTests
{
    private static readonly string[] OutputFiles =
    [
        "evictions.csv", "faults.csv", "gpu_allocation_by_queue.png", "holds.csv", "jobs.csv", "manifest.json", "queue_length.png", "queues.csv", "reservations.csv",
        "sla_lateness.png", "summary.csv", "violations.csv",
    ];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Two days on two 8-GPU nodes: one daily pipeline, a three-day backfill and a few ad hoc jobs.
    private const string Tiny = """
        name: tiny
        start: 2026-01-05
        horizon: 2d
        cluster:
          nodePools:
            - name: a100
              count: 2
              gpuModel: A100
              gpus: 8
              cpu: 96
              memory: 1Ti
        queues:
          clusterQueues:
            - name: production
              cohort: training
              quotas:
                - flavor: A100
                  nominal: 12
            - name: research
              cohort: training
              quotas:
                - flavor: A100
                  nominal: 4
          localQueues:
            - namespace: prod
              clusterQueue: production
            - namespace: research
              clusterQueue: research
        workloads:
          daily:
            - pipeline: ranker
              namespace: prod
              at: "01:00"
              deadline: "06:00"
              duration: 3h
              workers: 2
              worker: {gpus: 4, cpu: 32, memory: 256Gi}
              artifact: "s3://models/{pipeline}/{partition}"
          backfills:
            - name: rerun
              pipeline: ranker
              namespace: research
              submitAt: 2h
              from: 2025-12-01
              to: 2025-12-03
              duration: 1h
              worker: {gpus: 4, cpu: 32, memory: 256Gi}
          generators:
            - name: adhoc
              namespace: research
              ratePerHour: 0.5
              medianDuration: 1h
              worker: {gpus: 1, cpu: 8, memory: 64Gi}

        """;

    // The same scenario with a bad duration on line 3 and a bad time of day on line 33.
    private static readonly string Broken = Tiny
        .Replace("horizon: 2d", "horizon: 3 hours", StringComparison.Ordinal)
        .Replace("at: \"01:00\"", "at: \"25:61\"", StringComparison.Ordinal);

    [Fact]
    public void Validate_ShippedScenarioValid()
    {
        var path = Path.Combine(RepositoryRoot(), "scenarios", "backfill-90d", "quotas.yaml");

        var (exitCode, stdout, stderr) = CliRunner.Run("validate", path);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith($"{path}: valid. Scenario 'backfill-90d-quotas': 32 nodes with 256 GPUs, 3 ClusterQueue(s), ", stdout, StringComparison.Ordinal);
        Assert.EndsWith(" jobs over 28 days.", stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void Validate_TinyScenarioCountsJobs()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("tiny.yaml", Tiny);

        var (exitCode, stdout, _) = CliRunner.Run("validate", path);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith($"{path}: valid. Scenario 'tiny': 2 nodes with 16 GPUs, 2 ClusterQueue(s), ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BrokenScenarioListsProblems()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("broken.yaml", Broken);

        var (exitCode, stdout, stderr) = CliRunner.Run("validate", path);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(string.Empty, stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("error: the scenario has 2 problem(s):", lines[0]);
        Assert.Equal($"{path}:3:10: field 'horizon': value '3 hours' is not a duration; write it like 45s, 90m, 3h, 2d or 1d6h30m", lines[1]);
        Assert.Equal(
            $"{path}:33:11: field 'workloads.daily[0].at': value '25:61' is not a time of day; write HH:MM, e.g. 02:00, or 30:00 for 06:00 the next day",
            lines[2]);
    }

    [Fact]
    public void Validate_InvalidYamlSyntax()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("broken.yaml", Tiny.Replace("horizon: 2d", "horizon: 2d: 3d", StringComparison.Ordinal));

        var (exitCode, _, stderr) = CliRunner.Run("validate", path);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"  {path}:3:", stderr, StringComparison.Ordinal);
        Assert.Contains("is not valid YAML", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.Sub("absent.yaml");

        var (exitCode, _, stderr) = CliRunner.Run("validate", path);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"  {path}: file not found; check the path", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WritesEveryOutput()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("tiny.yaml", Tiny);
        var output = folder.Sub("out");

        var (exitCode, stdout, _) = CliRunner.Run("simulate", path, "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(OutputFiles, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.StartsWith("scenario tiny, 2 days", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(folder.Path, ".out.partial-*"));
    }

    [Fact]
    public void Simulate_TablesHaveHeaders()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");

        var (exitCode, _, _) = CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("job_id,kind,pipeline,partition,", FirstLine(output, "jobs.csv"), StringComparison.Ordinal);
        Assert.Equal("time_s,job_id,cluster_queue,reason,detail", FirstLine(output, "holds.csv"));
        Assert.Equal("time_s,cluster_queue,allocated_gpus,running_jobs,pending_jobs", FirstLine(output, "queues.csv"));
        Assert.Equal("time_s,kind,job_id,other_job_id,pipeline,partition,artifact", FirstLine(output, "violations.csv"));
        Assert.Equal("metric,cluster_queue,value,unit", FirstLine(output, "summary.csv"));
    }

    [Fact]
    public void Simulate_JobsTableListsEveryJob()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");

        var (exitCode, _, _) = CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        var ids = File.ReadLines(Path.Combine(output, "jobs.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Contains("ranker-2026-01-05", ids);
        Assert.Contains("ranker-2026-01-06", ids);
        Assert.Contains("rerun-2025-12-01", ids);
        Assert.Contains("rerun-2025-12-03", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Simulate_ChartsArePng()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");

        var (exitCode, _, _) = CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        foreach (var chart in new[] { "gpu_allocation_by_queue.png", "queue_length.png", "sla_lateness.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, chart));
            Assert.Equal(PngSignature, bytes.Take(PngSignature.Length));
        }
    }

    [Fact]
    public void Simulate_ManifestListsInputAndOutputs()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("tiny.yaml", Tiny);
        var output = folder.Sub("out");

        var (exitCode, _, _) = CliRunner.Run("simulate", path, "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!;
        Assert.Equal("simulate", (string?)manifest["command"]);
        Assert.Equal(path, (string?)manifest["inputs"]![0]!["path"]);
        Assert.Equal("tiny", (string?)manifest["settings"]!["name"]);
        Assert.Equal(1, (int?)manifest["settings"]!["seed"]);
        var listed = manifest["outputs"]!.AsArray().Select(o => (string?)o!["file"]);
        Assert.Equal(OutputFiles.Where(f => f != "manifest.json"), listed);
    }

    [Fact]
    public void Simulate_TwiceIdenticalFiles()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("tiny.yaml", Tiny);

        var first = CliRunner.Run("simulate", path, "--out", folder.Sub("first"));
        var second = CliRunner.Run("simulate", path, "--out", folder.Sub("second"));

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        foreach (var file in OutputFiles)
        {
            var expected = File.ReadAllBytes(Path.Combine(folder.Sub("first"), file));
            var actual = File.ReadAllBytes(Path.Combine(folder.Sub("second"), file));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{file} differs between two runs of the same scenario");
        }
    }

    [Fact]
    public void Simulate_ExistingOutKeptWithoutForce()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output).ExitCode);
        var previous = File.ReadAllBytes(Path.Combine(output, "jobs.csv"));
        var reseeded = folder.File("reseeded.yaml", Tiny.Replace("name: tiny\n", "name: tiny\nseed: 2\n", StringComparison.Ordinal));

        var (exitCode, stdout, stderr) = CliRunner.Run("simulate", reseeded, "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            $"error: Output folder '{output}' already contains results; choose another --out or pass --force to replace them.",
            stderr.Trim());
        Assert.Equal(previous, File.ReadAllBytes(Path.Combine(output, "jobs.csv")));
        Assert.Equal(OutputFiles, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Simulate_EmptyOutAccepted()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Directory.CreateDirectory(output);

        var (exitCode, _, _) = CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.True(File.Exists(Path.Combine(output, "summary.csv")));
    }

    [Fact]
    public void Simulate_ForceReplacesEarlierResults()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output).ExitCode);
        var renamed = folder.File("renamed.yaml", Tiny.Replace("name: tiny\n", "name: renamed\n", StringComparison.Ordinal));

        var (exitCode, _, _) = CliRunner.Run("simulate", renamed, "--out", output, "--force");

        Assert.Equal(ExitCodes.Success, exitCode);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!;
        Assert.Equal("renamed", (string?)manifest["settings"]!["name"]);
        Assert.Equal(OutputFiles, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetDirectories(folder.Path, ".out.partial-*"));
    }

    [Fact]
    public void Simulate_ForeignFilesKeptDespiteForce()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.Sub("out");
        Directory.CreateDirectory(output);
        var notes = Path.Combine(output, "notes.txt");
        File.WriteAllText(notes, "not a clustersim result");

        var (exitCode, _, stderr) = CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output, "--force");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.StartsWith($"error: Output folder '{output}' is not empty and holds files that are not clustersim results (notes.txt);", stderr, StringComparison.Ordinal);
        Assert.Equal("not a clustersim result", File.ReadAllText(notes));
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public void Simulate_OutIsFile()
    {
        using var folder = CliRunner.NewFolder();
        var output = folder.File("out", "a file, not a folder");

        var (exitCode, _, stderr) = CliRunner.Run("simulate", folder.File("tiny.yaml", Tiny), "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal($"error: Output path '{output}' is a file; give a folder path with --out.", stderr.Trim());
        Assert.Equal("a file, not a folder", File.ReadAllText(output));
    }

    [Fact]
    public void Simulate_BrokenScenarioWritesNothing()
    {
        using var folder = CliRunner.NewFolder();
        var path = folder.File("broken.yaml", Broken);
        var output = folder.Sub("out");

        var (exitCode, stdout, stderr) = CliRunner.Run("simulate", path, "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: the scenario has 2 problem(s):", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Equal(["broken.yaml"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Simulate_ShippedQuotasMeetsSla()
    {
        using var folder = CliRunner.NewFolder();
        var path = Path.Combine(RepositoryRoot(), "scenarios", "backfill-90d", "quotas.yaml");
        var output = folder.Sub("out");

        var (exitCode, _, _) = CliRunner.Run("simulate", path, "--out", output);

        Assert.Equal(ExitCodes.Success, exitCode);
        var summary = ReadSummary(output);

        // Four daily pipelines over 28 days, each with a deadline inside the horizon.
        Assert.Equal("112", summary["deadline_jobs"]);
        Assert.Equal("0", summary["sla_misses"]);
        Assert.Equal("0", summary["concurrent_partition_runs"]);
        Assert.Equal("0", summary["artifact_overwrites"]);
    }

    private static string FirstLine(string folder, string file) => File.ReadLines(Path.Combine(folder, file)).First();

    /// <summary>Reads the scenario-wide rows of summary.csv (those without a cluster_queue) as metric to value.</summary>
    private static Dictionary<string, string> ReadSummary(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "summary.csv"));
        Assert.Equal("metric,cluster_queue,value,unit", lines[0]);
        return lines.Skip(1)
            .Select(l => l.Split(','))
            .Where(fields => fields[1].Length == 0)
            .ToDictionary(fields => fields[0], fields => fields[2], StringComparer.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ClusterSim.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains ClusterSim.sln.");
    }
}
