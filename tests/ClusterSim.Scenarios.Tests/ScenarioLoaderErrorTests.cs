using static ClusterSim.Scenarios.Tests.TinyScenario;

namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// Invalid scenarios: each test checks where every error points (line, column, field path) and
/// its message. Line numbers refer to <see cref="TinyScenario.Text"/> after the edit shown.
/// </summary>
public class ScenarioLoaderErrorTests
{
    private const string Missing = "is missing; add it";
    private const string MissingList = "is missing; add a list with at least one entry";

    [Fact]
    public void InvalidYaml_ReportsErrorLine()
    {
        var errors = Errors(With("horizon: 2d", "horizon: 2d: 3d"));

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(string.Empty, error.Field);
        Assert.StartsWith("is not valid YAML (", error.Problem, StringComparison.Ordinal);
        Assert.EndsWith("); fix the syntax", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidYaml_UnclosedFlowMapping()
    {
        var errors = Errors(With("      memory: 1Ti\n", "      memory: {size: 1Ti\n"));

        var error = Assert.Single(errors);
        Assert.Equal(FileName, error.File);
        Assert.InRange(error.Line, 11, 12);
        Assert.Equal(string.Empty, error.Field);
        Assert.StartsWith("is not valid YAML (", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("name: one\n---\nname: two\n")]
    public void DocumentCount_NotOne(string text)
    {
        var errors = Errors(text);

        var error = Assert.Single(errors);
        AssertError(error, 0, 0, string.Empty, "must contain exactly one YAML document");
    }

    [Fact]
    public void RootList_NotMapping()
    {
        var errors = Errors("- name: tiny\n");

        AssertError(errors[0], 1, 1, string.Empty, "must be a mapping of fields (key: value), found a list");
    }

    [Fact]
    public void RootFields_AllMissingReported()
    {
        var errors = Errors("description: nothing else\n");

        Assert.Equal(6, errors.Count);
        AssertError(errors[0], 1, 1, "name", Missing);
        AssertError(errors[1], 1, 1, "start", Missing);
        AssertError(errors[2], 1, 1, "horizon", Missing);
        AssertError(errors[3], 1, 1, "cluster", Missing);
        AssertError(errors[4], 1, 1, "queues", Missing);
        AssertError(errors[5], 1, 1, "workloads", Missing);
    }

    [Fact]
    public void SectionLists_Missing()
    {
        var text = "name: empty\nstart: 2026-01-05\nhorizon: 1d\ncluster: {}\nqueues: {}\nworkloads: {}\n";

        var errors = Errors(text);

        Assert.Equal(3, errors.Count);
        AssertError(errors[0], 4, 10, "cluster.nodePools", MissingList);
        AssertError(errors[1], 5, 9, "queues.clusterQueues", MissingList);
        AssertError(errors[2], 5, 9, "queues.localQueues", MissingList);
    }

    [Fact]
    public void NodePoolFields_Missing()
    {
        var text = With("      count: 2\n", string.Empty);
        text = Replace(text, "      cpu: 96\n      memory: 1Ti\n", string.Empty);

        var errors = Errors(text);

        AssertError(errors[0], 6, 7, "cluster.nodePools[0].count", Missing);
        AssertError(errors[1], 6, 7, "cluster.nodePools[0].cpu", Missing);
        AssertError(errors[2], 6, 7, "cluster.nodePools[0].memory", Missing);
    }

    [Fact]
    public void QueueFields_Missing()
    {
        var text = With("      quotas:\n        - flavor: A100\n          nominal: 4\n", "      quotas:\n        - flavor: A100\n");
        text = Replace(text, "      clusterQueue: production\n", string.Empty);

        var errors = Errors(text);

        Assert.Equal(3, errors.Count);
        AssertError(errors[0], 22, 11, "queues.clusterQueues[1].quotas[0].nominal", Missing);
        AssertError(errors[1], 24, 7, "queues.localQueues[0].clusterQueue", Missing);
        AssertError(errors[2], 30, 18, "workloads.daily[0].namespace",
            "value 'prod' has no LocalQueue; add one under queues.localQueues or use one of research");
    }

    [Fact]
    public void WorkloadFields_Missing()
    {
        var text = With("      at: \"01:00\"\n      deadline: \"06:00\"\n      duration: 3h\n", "      deadline: \"06:00\"\n");
        text = Replace(text, "      ratePerHour: 0.5\n      medianDuration: 1h\n      worker: {gpus: 1, cpu: 8, memory: 64Gi}\n", "      medianDuration: 1h\n");

        var errors = Errors(text);

        Assert.Equal(4, errors.Count);
        AssertError(errors[0], 31, 7, "workloads.daily[0].at", Missing);
        AssertError(errors[1], 31, 7, "workloads.daily[0].duration", Missing);
        AssertError(errors[2], 47, 7, "workloads.generators[0].ratePerHour", Missing);
        AssertError(errors[3], 47, 7, "workloads.generators[0].worker", Missing);
    }

    [Fact]
    public void MisspelledField_ListsKnownFields()
    {
        var errors = Errors(With("      cpu: 96", "      cpus: 96"));

        AssertError(errors[0], 6, 7, "cluster.nodePools[0].cpu", Missing);
        AssertError(errors[1], 10, 7, "cluster.nodePools[0].cpus",
            "is not a known field here; check its spelling (known fields: count, cpu, gpuModel, gpus, memory, name)");
    }

    [Fact]
    public void MisspelledRootField_ListsKnownFields()
    {
        var errors = Errors(With("horizon: 2d", "horizn: 2d"));

        Assert.Equal(2, errors.Count);
        AssertError(errors[0], 1, 1, "horizon", Missing);
        AssertError(errors[1], 3, 1, "horizn",
            "is not a known field here; check its spelling (known fields: admission, cluster, description, faults, horizon, name, placement, priorityClasses, queues, sampleEvery, seed, start, workloads)");
    }

    [Fact]
    public void UnknownWorkerField_Reported()
    {
        var errors = Errors(With("{gpus: 1, cpu: 8, memory: 64Gi}", "{gpus: 1, cpu: 8, mem: 64Gi}"));

        var error = Assert.Single(errors);
        AssertError(error, 53, 33, "workloads.generators[0].worker.mem",
            "is not a known field here; check its spelling (known fields: cpu, gpuModels, gpus, memory)");
    }

    [Fact]
    public void Count_NotWholeNumber()
    {
        var errors = Errors(With("count: 2", "count: two"));

        AssertError(errors[0], 7, 14, "cluster.nodePools[0].count", "value 'two' is not a whole number");
    }

    [Fact]
    public void Nominal_NotNumber()
    {
        var errors = Errors(With("nominal: 12", "nominal: lots"));

        var error = Assert.Single(errors);
        AssertError(error, 18, 20, "queues.clusterQueues[0].quotas[0].nominal", "value 'lots' is not a number");
    }

    [Fact]
    public void Count_Negative()
    {
        var errors = Errors(With("count: 2", "count: -1"));

        AssertError(errors[0], 7, 14, "cluster.nodePools[0].count", "value '-1' is out of range; give a whole number from 1 to 1000000");
    }

    [Fact]
    public void Seed_Negative()
    {
        var errors = Errors(With("name: tiny\n", "name: tiny\nseed: -1\n"));

        var error = Assert.Single(errors);
        AssertError(error, 2, 7, "seed", "value '-1' is out of range; give a whole number from 0 to 2147483647");
    }

    [Fact]
    public void Nominal_Negative()
    {
        var errors = Errors(With("nominal: 12", "nominal: -4"));

        var error = Assert.Single(errors);
        Assert.Equal(18, error.Line);
        Assert.Equal(20, error.Column);
        Assert.Equal("queues.clusterQueues[0].quotas[0].nominal", error.Field);
        Assert.Equal("value '-4' is out of range; give a number at least 0", error.Problem);
    }

    [Fact]
    public void Gpus_AboveMaximum()
    {
        var errors = Errors(With("gpus: 8", "gpus: 65"));

        AssertError(errors[0], 9, 13, "cluster.nodePools[0].gpus", "value '65' is out of range; give a whole number from 0 to 64");
    }

    [Fact]
    public void DurationSigma_AboveMaximum()
    {
        var errors = Errors(With("      medianDuration: 1h\n", "      medianDuration: 1h\n      durationSigma: 10.5\n"));

        var error = Assert.Single(errors);
        AssertError(error, 53, 22, "workloads.generators[0].durationSigma", "value '10.5' is out of range; give a number from 0 to 10");
    }

    [Fact]
    public void RatePerHour_Zero()
    {
        var errors = Errors(With("ratePerHour: 0.5", "ratePerHour: 0"));

        var error = Assert.Single(errors);
        AssertError(error, 51, 20, "workloads.generators[0].ratePerHour", "value '0' is out of range; give a number from 1E-06 to 1000000");
    }

    [Theory]
    [InlineData("3 hours")]
    [InlineData("3H")]
    [InlineData("1h30")]
    [InlineData("h")]
    [InlineData("-2h")]
    [InlineData("\"\"")]
    public void Horizon_NotDuration(string value)
    {
        var errors = Errors(With("horizon: 2d", $"horizon: {value}"));

        var error = Assert.Single(errors);
        var parsedValue = value == "\"\"" ? string.Empty : value;
        AssertError(error, 3, 10, "horizon", $"value '{parsedValue}' is not a duration; write it like 45s, 90m, 3h, 2d or 1d6h30m");
    }

    [Fact]
    public void Horizon_Zero()
    {
        var errors = Errors(With("horizon: 2d", "horizon: 0m"));

        var error = Assert.Single(errors);
        AssertError(error, 3, 10, "horizon", "value '0m' must be longer than zero");
    }

    [Fact]
    public void Horizon_BeyondTimeSpan()
    {
        var errors = Errors(With("horizon: 2d", "horizon: 99999999d"));

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(10, error.Column);
        Assert.Equal("horizon", error.Field);
        Assert.StartsWith("value '99999999d' ", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25:61")]
    [InlineData("01:60")]
    [InlineData("7pm")]
    [InlineData("1:5")]
    [InlineData("01:00:00")]
    public void At_NotTimeOfDay(string value)
    {
        var errors = Errors(With("at: \"01:00\"", $"at: \"{value}\""));

        var error = Assert.Single(errors);
        AssertError(error, 33, 11, "workloads.daily[0].at",
            $"value '{value}' is not a time of day; write HH:MM, e.g. 02:00, or 30:00 for 06:00 the next day");
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("05/01/2026")]
    [InlineData("2026-1-5")]
    public void Start_NotDate(string value)
    {
        var errors = Errors(With("start: 2026-01-05", $"start: {value}"));

        var error = Assert.Single(errors);
        AssertError(error, 2, 8, "start", $"value '{value}' is not a date; write YYYY-MM-DD");
    }

    [Theory]
    [InlineData("512GB")]
    [InlineData("1.5Ti")]
    [InlineData("64gi")]
    [InlineData("1024")]
    [InlineData("-1Gi")]
    public void Memory_NotQuantity(string value)
    {
        var errors = Errors(With("memory: 1Ti", $"memory: {value}"));

        AssertError(errors[0], 11, 15, "cluster.nodePools[0].memory", $"value '{value}' is not a memory size; write it like 512Mi, 64Gi or 1Ti");
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-2")]
    [InlineData("2 cores")]
    [InlineData("1.5m")]
    [InlineData("500M")]
    public void Cpu_NotAmount(string value)
    {
        var errors = Errors(With("cpu: 96", $"cpu: {value}"));

        AssertError(errors[0], 10, 12, "cluster.nodePools[0].cpu", $"value '{value}' is not a CPU amount; write cores (8, 0.5) or millicores (500m)");
    }

    [Fact]
    public void Placement_Unknown()
    {
        var errors = Errors(With("horizon: 2d\n", "horizon: 2d\nplacement: tetris\n"));

        var error = Assert.Single(errors);
        AssertError(error, 4, 12, "placement",
            "value 'tetris' is not a placement policy; use one of random, dotprod, gpuclustering, gpupacking, bestfit, fgd");
    }

    [Fact]
    public void Strategy_Unknown()
    {
        var errors = Errors(With("    - name: production\n", "    - name: production\n      strategy: FIFO\n"));

        AssertError(errors[0], 15, 17, "queues.clusterQueues[0].strategy", "value 'FIFO' is not one of BestEffortFIFO, StrictFIFO, EasyBackfill");
    }

    [Fact]
    public void BackfillOrder_Unknown()
    {
        var errors = Errors(With("      to: 2025-12-03\n", "      to: 2025-12-03\n      order: latest\n"));

        var error = Assert.Single(errors);
        AssertError(error, 46, 14, "workloads.backfills[0].order", "value 'latest' is not one of oldestFirst, newestFirst");
    }

    [Fact]
    public void PartitionLock_NotBoolean()
    {
        var errors = Errors(With("horizon: 2d\n", "horizon: 2d\nadmission:\n  partitionLock: sometimes\n"));

        var error = Assert.Single(errors);
        AssertError(error, 5, 18, "admission.partitionLock", "value 'sometimes' is not true or false");
    }

    [Fact]
    public void NodePoolName_Duplicate()
    {
        var errors = Errors(With("      memory: 1Ti\n", "      memory: 1Ti\n    - name: a100\n      count: 1\n      cpu: 8\n      memory: 64Gi\n"));

        var error = Assert.Single(errors);
        AssertError(error, 12, 13, "cluster.nodePools[1].name", "value 'a100' repeats another pool's name; pool names must be unique");
    }

    [Fact]
    public void ClusterQueueName_Duplicate()
    {
        var errors = Errors(With("    - name: research\n", "    - name: production\n"));

        Assert.Equal(4, errors.Count);
        AssertError(errors[0], 19, 13, "queues.clusterQueues[1].name", "value 'production' repeats another ClusterQueue's name; names must be unique");
        AssertError(errors[1], 28, 21, "queues.localQueues[1].clusterQueue", "value 'research' names no ClusterQueue; use one of production");
        Assert.Equal("workloads.backfills[0].namespace", errors[2].Field);
        Assert.Equal("workloads.generators[0].namespace", errors[3].Field);
    }

    [Fact]
    public void QuotaFlavor_DuplicateInQueue()
    {
        var errors = Errors(With("          nominal: 12\n", "          nominal: 12\n        - flavor: A100\n          nominal: 1\n"));

        var error = Assert.Single(errors);
        AssertError(error, 19, 19, "queues.clusterQueues[0].quotas[1].flavor",
            "value 'A100' appears twice in this queue; give each flavor one quota");
    }

    [Fact]
    public void SourceName_DuplicateAcrossKinds()
    {
        var errors = Errors(With("    - name: rerun\n", "    - name: ranker\n"));

        var error = Assert.Single(errors);
        AssertError(error, 40, 13, "workloads.backfills[0].name",
            "value 'ranker' names another workload source too; job ids derive from it, so names must be unique");
    }

    [Fact]
    public void ConcurrencyGroup_Duplicate()
    {
        var admission = "horizon: 2d\nadmission:\n  concurrencyLimits:\n    - group: g\n      maxActive: 1\n    - group: g\n      maxActive: 2\n";

        var errors = Errors(With("horizon: 2d\n", admission));

        var error = Assert.Single(errors);
        AssertError(error, 8, 14, "admission.concurrencyLimits[1].group", "value 'g' has a limit already; give each group one");
    }

    [Fact]
    public void LocalQueue_NamesNoClusterQueue()
    {
        var errors = Errors(With("      clusterQueue: research\n", "      clusterQueue: missing\n"));

        Assert.Equal(3, errors.Count);
        AssertError(errors[0], 28, 21, "queues.localQueues[1].clusterQueue", "value 'missing' names no ClusterQueue; use one of production, research");
        AssertError(errors[1], 42, 18, "workloads.backfills[0].namespace",
            "value 'research' has no LocalQueue; add one under queues.localQueues or use one of prod");
        AssertError(errors[2], 50, 18, "workloads.generators[0].namespace",
            "value 'research' has no LocalQueue; add one under queues.localQueues or use one of prod");
    }

    [Fact]
    public void LocalQueue_NamespaceTwice()
    {
        var errors = Errors(With("    - namespace: research\n", "    - namespace: prod\n"));

        Assert.Equal(3, errors.Count);
        AssertError(errors[0], 27, 18, "queues.localQueues[1].namespace", "value 'prod' already has a LocalQueue; give each namespace one");
        AssertError(errors[1], 42, 18, "workloads.backfills[0].namespace",
            "value 'research' has no LocalQueue; add one under queues.localQueues or use one of prod");
        AssertError(errors[2], 50, 18, "workloads.generators[0].namespace",
            "value 'research' has no LocalQueue; add one under queues.localQueues or use one of prod");
    }

    [Fact]
    public void Namespace_WithoutLocalQueue()
    {
        var errors = Errors(With("      namespace: prod\n", "      namespace: nobody\n"));

        var error = Assert.Single(errors);
        AssertError(error, 32, 18, "workloads.daily[0].namespace",
            "value 'nobody' has no LocalQueue; add one under queues.localQueues or use one of prod, research");
    }

    [Fact]
    public void BorrowingLimit_WithoutCohort()
    {
        var errors = Errors(With(
            "      cohort: training\n      quotas:\n        - flavor: A100\n          nominal: 12\n",
            "      quotas:\n        - flavor: A100\n          nominal: 12\n          borrowingLimit: 2\n"));

        var error = Assert.Single(errors);
        AssertError(error, 18, 27, "queues.clusterQueues[0].quotas[0].borrowingLimit",
            "has no effect without a cohort; set the queue's cohort or remove the limit");
    }

    [Fact]
    public void LendingLimit_AboveNominal()
    {
        var errors = Errors(With("          nominal: 4\n", "          nominal: 4\n          lendingLimit: 5\n"));

        var error = Assert.Single(errors);
        AssertError(error, 24, 25, "queues.clusterQueues[1].quotas[0].lendingLimit",
            "value '5' is larger than the nominal quota 4; a queue cannot lend more than it has");
    }

    [Fact]
    public void QuotaFlavor_NoNodePool()
    {
        var errors = Errors(With("        - flavor: A100\n          nominal: 4\n", "        - flavor: H100\n          nominal: 4\n"));

        var error = Assert.Single(errors);
        AssertError(error, 13, 3, "queues",
            "ClusterQueue 'research' has quota for flavor 'H100', but no node pool has that GPU model; use one of A100");
    }

    [Fact]
    public void GpuPool_WithoutModel()
    {
        var errors = Errors(With("      gpuModel: A100\n", string.Empty));

        // The flavors are not checked against a cluster with errors, so no follow-on errors appear.
        var error = Assert.Single(errors);
        AssertError(error, 6, 7, "cluster.nodePools[0].gpuModel", "is missing for a pool with GPUs; name the GPU model, e.g. A100");
    }

    [Theory]
    [InlineData("01:00")]
    [InlineData("00:30")]
    public void Deadline_NotAfterAt(string deadline)
    {
        var errors = Errors(With("deadline: \"06:00\"", $"deadline: \"{deadline}\""));

        var error = Assert.Single(errors);
        AssertError(error, 34, 17, "workloads.daily[0].deadline",
            "is not after 'at'; write a later time of day, or past 24:00 for the next day");
    }

    [Fact]
    public void BackfillTo_BeforeFrom()
    {
        var errors = Errors(With("to: 2025-12-03", "to: 2025-11-30"));

        var error = Assert.Single(errors);
        AssertError(error, 45, 11, "workloads.backfills[0].to",
            "value '2025-11-30' is before 'from' (2025-12-01); the range must run forward");
    }

    [Fact]
    public void NestedValue_NotMapping()
    {
        var errors = Errors(With("      worker: {gpus: 4, cpu: 32, memory: 256Gi}\n      artifact", "      worker: 4\n      artifact"));

        var error = Assert.Single(errors);
        AssertError(error, 37, 15, "workloads.daily[0].worker", "must be a mapping of fields (key: value), found the value '4'");
    }

    [Fact]
    public void ScalarField_GivenList()
    {
        var errors = Errors(With("name: tiny", "name: [tiny, small]"));

        var error = Assert.Single(errors);
        AssertError(error, 1, 7, "name", "must be a single value, found a list");
    }

    [Fact]
    public void NodePools_NotList()
    {
        var errors = Errors("name: t\nstart: 2026-01-05\nhorizon: 1d\ncluster:\n  nodePools: a100\nqueues: {}\nworkloads: {}\n");

        AssertError(errors[0], 5, 14, "cluster.nodePools", "must be a list (entries starting with '- '), found the value 'a100'");
    }

    [Fact]
    public void InvalidPoolField_NoFlavorError()
    {
        // The pool still declares gpuModel A100, so the quotas for A100 are not at fault.
        var errors = Errors(With("cpu: 96", "cpu: lots"));

        var error = Assert.Single(errors);
        Assert.Equal("cluster.nodePools[0].cpu", error.Field);
    }

    [Fact]
    public void InvalidStrategy_NoLocalQueueError()
    {
        // The ClusterQueue named 'production' exists, so its LocalQueue and namespace are not at fault.
        var errors = Errors(With("    - name: production\n", "    - name: production\n      strategy: FIFO\n"));

        var error = Assert.Single(errors);
        Assert.Equal("queues.clusterQueues[0].strategy", error.Field);
    }

    [Fact]
    public void ManyProblems_AllReportedInOrder()
    {
        var text = With("start: 2026-01-05", "start: 2026-13-01");
        text = Replace(text, "horizon: 2d", "horizon: 3 hours");
        text = Replace(text, "nominal: 12", "nominal: -4");
        text = Replace(text, "at: \"01:00\"", "at: \"25:61\"");
        text = Replace(text, "memory: 256Gi}\n      artifact", "memory: 256GB}\n      artifact");
        text = Replace(text, "to: 2025-12-03", "to: 2025-11-30");
        text = Replace(text, "ratePerHour: 0.5", "ratePerHour: fast");

        var errors = Errors(text);

        Assert.Equal(
            [
                (2, 8, "start"),
                (3, 10, "horizon"),
                (18, 20, "queues.clusterQueues[0].quotas[0].nominal"),
                (33, 11, "workloads.daily[0].at"),
                (37, 42, "workloads.daily[0].worker.memory"),
                (45, 11, "workloads.backfills[0].to"),
                (51, 20, "workloads.generators[0].ratePerHour"),
            ],
            errors.Select(e => (e.Line, e.Column, e.Field)));
    }

    [Fact]
    public void ManyProblems_ExceptionMessageListsAll()
    {
        var text = With("start: 2026-01-05", "start: 2026-13-01");
        text = Replace(text, "horizon: 2d", "horizon: 3 hours");

        var exception = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(FileName, text));

        var lines = exception.Message.Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Equal("2 problems in the scenario:", lines[0]);
        Assert.Equal("tiny.yaml:2:8: field 'start': value '2026-13-01' is not a date; write YYYY-MM-DD", lines[1]);
        Assert.Equal("tiny.yaml:3:10: field 'horizon': value '3 hours' is not a duration; write it like 45s, 90m, 3h, 2d or 1d6h30m", lines[2]);
    }

    [Fact]
    public void LoadFile_MissingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-absent-{Guid.NewGuid():N}.yaml");

        var exception = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(path));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(path, error.File);
        AssertError(error, 0, 0, string.Empty, "file not found; check the path");
        Assert.Equal($"{path}: file not found; check the path", error.ToString());
    }

    [Fact]
    public void LoadFile_MissingFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-absent-{Guid.NewGuid():N}", "scenario.yaml");

        var exception = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(path));

        var error = Assert.Single(exception.Errors);
        Assert.Equal("file not found; check the path", error.Problem);
    }

    private static void AssertError(ScenarioError error, int line, int column, string field, string problem)
    {
        Assert.Equal(problem, error.Problem);
        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
    }
}
