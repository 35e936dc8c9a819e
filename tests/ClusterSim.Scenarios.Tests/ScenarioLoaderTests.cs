using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using static ClusterSim.Scenarios.Tests.TinyScenario;

namespace ClusterSim.Scenarios.Tests;

/// <summary>Valid scenarios: units, defaults and the values the loader builds from them.</summary>
public class ScenarioLoaderTests
{
    [Fact]
    public void TinyScenario_Loads()
    {
        var scenario = Load(Text);

        Assert.Equal("tiny", scenario.Name);
        Assert.Equal(new DateOnly(2026, 1, 5), scenario.Start);
        Assert.Equal(TimeSpan.FromDays(2), scenario.Horizon);
        Assert.Equal(["production", "research"], scenario.ClusterQueues.Select(q => q.Name));
        Assert.Single(scenario.Daily);
        Assert.Single(scenario.Backfills);
        Assert.Single(scenario.Generators);
    }

    [Fact]
    public void Defaults_Applied()
    {
        var scenario = Load(Text);

        Assert.Equal(string.Empty, scenario.Description);
        Assert.Equal(1, scenario.Seed);
        Assert.Equal(TimeSpan.FromMinutes(10), scenario.SampleInterval);
        Assert.Equal("bestfit", scenario.PlacementPolicy);
        Assert.Equal(QueueingStrategy.BestEffortFifo, scenario.ClusterQueues[0].Strategy);
        Assert.Empty(scenario.Admission.ConcurrencyLimits);
        Assert.False(scenario.Admission.PartitionLock);
        Assert.False(scenario.Admission.RerunCompletedPartitions);
    }

    [Fact]
    public void WorkloadDefaults_Applied()
    {
        var scenario = Load(Text);

        var daily = scenario.Daily[0];
        Assert.Equal(0, daily.Priority);
        Assert.Equal(0, daily.FirstDay);
        Assert.Null(daily.Days);
        Assert.Equal(string.Empty, daily.ConcurrencyGroup);
        var backfill = scenario.Backfills[0];
        Assert.Equal(1, backfill.Workers);
        Assert.False(backfill.NewestFirst);
        Assert.Equal(string.Empty, backfill.ArtifactTemplate);
        var generator = scenario.Generators[0];
        Assert.Equal(1, generator.Workers);
        Assert.Equal(1.0, generator.DurationSigma);
        Assert.Equal(TimeSpan.Zero, generator.From);
        Assert.Equal(TimeSpan.MaxValue, generator.Until);
        Assert.Equal(string.Empty, generator.Worker.GpuModels);
    }

    [Fact]
    public void NodePool_ExpandsToNamedNodes()
    {
        var scenario = Load(With("count: 2", "count: 12"));

        Assert.Equal(12, scenario.Nodes.Count);
        Assert.Equal("a100-0000", scenario.Nodes[0].Name);
        Assert.Equal("a100-0001", scenario.Nodes[1].Name);
        Assert.Equal("a100-0011", scenario.Nodes[11].Name);
    }

    [Fact]
    public void NodePool_ResourcesConverted()
    {
        var node = Load(Text).Nodes[0];

        Assert.Equal(96_000, node.CpuMilli);
        Assert.Equal(1_048_576, node.MemoryMib);
        Assert.Equal(8, node.GpuCount);
        Assert.Equal("A100", node.GpuModel);
    }

    [Fact]
    public void CpuOnlyPool_NeedsNoModel()
    {
        var pools = "      memory: 1Ti\n    - name: cpu\n      count: 3\n      cpu: 500m\n      memory: 64Gi\n";

        var scenario = Load(With("      memory: 1Ti\n", pools));

        Assert.Equal(["a100-0000", "a100-0001", "cpu-0000", "cpu-0001", "cpu-0002"], scenario.Nodes.Select(n => n.Name));
        Assert.Equal(0, scenario.Nodes[4].GpuCount);
        Assert.Equal(500, scenario.Nodes[4].CpuMilli);
    }

    [Theory]
    [InlineData("500m", 500)]
    [InlineData("0.5", 500)]
    [InlineData("8", 8000)]
    [InlineData("2.25", 2250)]
    [InlineData("0", 0)]
    public void WorkerCpu_InMillicores(string cpu, long expected)
    {
        var scenario = Load(With("{gpus: 4, cpu: 32, memory: 256Gi}\n      artifact", $"{{gpus: 4, cpu: {cpu}, memory: 256Gi}}\n      artifact"));

        Assert.Equal(expected, scenario.Daily[0].Worker.CpuMilli);
    }

    [Theory]
    [InlineData("1Ti", 1_048_576)]
    [InlineData("64Gi", 65_536)]
    [InlineData("512Mi", 512)]
    public void WorkerMemory_InMebibytes(string memory, long expected)
    {
        var scenario = Load(With("{gpus: 4, cpu: 32, memory: 256Gi}\n      artifact", $"{{gpus: 4, cpu: 32, memory: {memory}}}\n      artifact"));

        Assert.Equal(expected, scenario.Daily[0].Worker.MemoryMib);
    }

    [Theory]
    [InlineData("1d6h30m", 30 * 3600 + 30 * 60)]
    [InlineData("90m", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("2d", 2 * 86_400)]
    public void Horizon_ParsesDuration(string horizon, int seconds)
    {
        var scenario = Load(With("horizon: 2d", $"horizon: {horizon}"));

        Assert.Equal(TimeSpan.FromSeconds(seconds), scenario.Horizon);
    }

    [Fact]
    public void SubmitAt_AllowsZero()
    {
        var scenario = Load(With("submitAt: 2h", "submitAt: 0s"));

        Assert.Equal(TimeSpan.Zero, scenario.Backfills[0].SubmitAt);
    }

    [Fact]
    public void DailyTimes_ParsedAsOffsets()
    {
        var scenario = Load(With("deadline: \"06:00\"", "deadline: \"30:15\""));

        Assert.Equal(TimeSpan.FromHours(1), scenario.Daily[0].SubmitAt);
        Assert.Equal(new TimeSpan(30, 15, 0), scenario.Daily[0].Deadline);
    }

    [Fact]
    public void Deadline_Optional()
    {
        var scenario = Load(With("      deadline: \"06:00\"\n", string.Empty));

        Assert.Null(scenario.Daily[0].Deadline);
    }

    [Fact]
    public void Quotas_InMilliGpus()
    {
        var quotas = "nominal: 4\n          borrowingLimit: 0\n          lendingLimit: 1.25\n";

        var text = With("nominal: 12", "nominal: 2.5");
        text = Replace(text, "nominal: 4\n", quotas);

        var scenario = Load(text);

        var production = scenario.ClusterQueues[0].Flavors[0];
        Assert.Equal("A100", production.Flavor);
        Assert.Equal(2500, production.NominalMilli);
        Assert.Null(production.BorrowingLimitMilli);
        Assert.Null(production.LendingLimitMilli);
        var research = scenario.ClusterQueues[1].Flavors[0];
        Assert.Equal(4000, research.NominalMilli);
        Assert.Equal(0, research.BorrowingLimitMilli);
        Assert.Equal(1250, research.LendingLimitMilli);
    }

    [Fact]
    public void ClusterQueue_CohortAndStrategy()
    {
        var scenario = Load(With("    - name: production\n", "    - name: production\n      strategy: StrictFIFO\n"));

        Assert.Equal(QueueingStrategy.StrictFifo, scenario.ClusterQueues[0].Strategy);
        Assert.Equal("training", scenario.ClusterQueues[0].Cohort);
    }

    [Fact]
    public void LocalQueues_MapNamespaces()
    {
        var scenario = Load(Text);

        Assert.Equal(2, scenario.ClusterQueueByNamespace.Count);
        Assert.Equal("production", scenario.ClusterQueueByNamespace["prod"]);
        Assert.Equal("research", scenario.ClusterQueueByNamespace["research"]);
    }

    [Theory]
    [InlineData("FGD", "fgd")]
    [InlineData("gpupacking", "gpupacking")]
    [InlineData("BestFit", "bestfit")]
    public void Placement_Normalized(string placement, string expected)
    {
        var scenario = Load(With("horizon: 2d\n", $"horizon: 2d\nplacement: {placement}\n"));

        Assert.Equal(expected, scenario.PlacementPolicy);
    }

    [Fact]
    public void Admission_Read()
    {
        var admission = "horizon: 2d\nadmission:\n  partitionLock: true\n  rerunCompleted: yes\n  concurrencyLimits:\n    - group: reruns\n      maxActive: 3\n";

        var grouped = With("horizon: 2d\n", admission).Replace("      to: 2025-12-03\n", "      to: 2025-12-03\n      concurrencyGroup: reruns\n", StringComparison.Ordinal);

        var scenario = Load(grouped);

        Assert.True(scenario.Admission.PartitionLock);
        Assert.True(scenario.Admission.RerunCompletedPartitions);
        Assert.Equal(3, scenario.Admission.ConcurrencyLimits["reruns"]);
    }

    [Fact]
    public void Backfill_NewestFirstOrder()
    {
        var scenario = Load(With("      to: 2025-12-03\n", "      to: 2025-12-03\n      order: newestFirst\n"));

        Assert.True(scenario.Backfills[0].NewestFirst);
        Assert.Equal(new DateOnly(2025, 12, 1), scenario.Backfills[0].From);
        Assert.Equal(new DateOnly(2025, 12, 3), scenario.Backfills[0].To);
    }

    [Fact]
    public void Backfill_SingleDayRange()
    {
        var scenario = Load(With("to: 2025-12-03", "to: 2025-12-01"));

        Assert.Equal(scenario.Backfills[0].From, scenario.Backfills[0].To);
    }

    [Fact]
    public void ToModel_ExpandsJobs()
    {
        var model = Load(Text).ToModel();

        Assert.Equal(2, model.Jobs.Count(j => j.Kind == JobKind.Production));
        Assert.Equal(3, model.Jobs.Count(j => j.Kind == JobKind.Backfill));
        Assert.Equal(TimeSpan.FromDays(2), model.Horizon);
        Assert.Equal(1, model.Seed);
        Assert.Equal(2, model.Nodes.Count);
    }

    [Theory]
    [InlineData("no-limits.yaml", "backfill-90d-no-limits")]
    [InlineData("quotas.yaml", "backfill-90d-quotas")]
    public void ShippedScenario_Loads(string file, string name)
    {
        var path = Path.Combine(RepositoryRoot(), "scenarios", "backfill-90d", file);

        var scenario = ScenarioLoader.LoadFile(path);

        Assert.Equal(name, scenario.Name);
        Assert.Equal(7, scenario.Seed);
        Assert.Equal(TimeSpan.FromMinutes(30), scenario.SampleInterval);
        Assert.Equal(32, scenario.Nodes.Count);
        Assert.Equal(3, scenario.ClusterQueueByNamespace.Count);
    }

    [Fact]
    public void FittedStragglerScenario_Loads()
    {
        var path = Path.Combine(RepositoryRoot(), "scenarios", "faults", "stragglers-pai.yaml");

        var stragglers = ScenarioLoader.LoadFile(path).Faults.Stragglers;

        Assert.Equal(new Simulation.Faults.StragglerModel(20.09, TimeSpan.FromSeconds(32), 3.238, 1.205, 1.831), stragglers);
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
