using System.Globalization;
using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;
using ClusterSim.Tests;
using ClusterSim.Traces.Philly;
using ClusterSim.Traces.Swf;

namespace ClusterSim.Scenarios.Tests;

/// <summary>Conversion of Philly and SWF trace jobs into simulation jobs.</summary>
public class TraceWorkloadsTests
{
    private static readonly DateOnly Start = new(2017, 10, 1);
    private static readonly WorkerResources Resources = new(4_000, 16_384, "P100");

    private static PhillyJob Philly(int line, string submitted, double seconds, int gpus, string vc = "vc-a") =>
        new(line, DateTime.Parse(submitted, CultureInfo.InvariantCulture), seconds, gpus, vc);

    private static SwfJob Swf(long id, long submit, long? run, long? allocated, long? requested = null) =>
        new(id, submit, null, run, allocated, requested, null, null, null);

    [Theory]
    [InlineData(24, 3, 8)]
    [InlineData(12, 2, 6)]
    [InlineData(5, 1, 5)]
    [InlineData(8, 1, 8)]
    [InlineData(16, 2, 8)]
    [InlineData(128, 16, 8)]
    [InlineData(1, 1, 1)]
    public void FromPhilly_SplitsIntoEqualWorkers(int gpus, int workers, int gpusPerWorker)
    {
        var job = TraceWorkloads.FromPhilly("philly", [Philly(2, "2017-10-01 01:00:00", 60, gpus)], Start, 8, Resources).Single();

        Assert.Equal(workers, job.Workers);
        Assert.Equal(gpusPerWorker, job.Worker.GpuCount);
        Assert.Equal(GpuDevice.MilliCapacity, job.Worker.GpuMilli);
    }

    [Fact]
    public void FromPhilly_MaxGpusPerWorkerApplies()
    {
        var job = TraceWorkloads.FromPhilly("philly", [Philly(2, "2017-10-01 01:00:00", 60, 8)], Start, 4, Resources).Single();

        Assert.Equal((2, 4), (job.Workers, job.Worker.GpuCount));
    }

    [Fact]
    public void FromPhilly_ZeroGpusIsCpuOnlyWorker()
    {
        var job = TraceWorkloads.FromPhilly("philly", [Philly(2, "2017-10-01 01:00:00", 60, 0)], Start, 8, Resources).Single();

        Assert.Equal(1, job.Workers);
        Assert.Equal(0, job.Worker.GpuCount);
        Assert.Equal(0, job.Worker.GpuMilli);
        Assert.False(job.Worker.NeedsGpu);
    }

    [Fact]
    public void FromPhilly_MapsJob()
    {
        var job = TraceWorkloads.FromPhilly("philly", [Philly(7, "2017-10-02 03:04:05", 2951.25, 4, "6214e9")], Start, 8, Resources).Single();

        Assert.Equal("philly-7", job.Id);
        Assert.Equal(JobKind.Batch, job.Kind);
        Assert.Equal("6214e9", job.Namespace);
        Assert.Equal(0, job.Priority);
        Assert.Equal(new TimeSpan(1, 3, 4, 5), job.SubmitTime);
        Assert.Equal(TimeSpan.FromMilliseconds(2_951_250), job.Duration);
        Assert.Null(job.Deadline);
        Assert.Equal(("philly-7", 4_000L, 16_384L, "P100"), (job.Worker.Name, job.Worker.CpuMilli, job.Worker.MemoryMib, job.Worker.GpuModels));
    }

    [Fact]
    public void FromPhilly_OffsetFromStartMidnight()
    {
        var jobs = TraceWorkloads.FromPhilly("philly", [Philly(2, "2017-10-01 00:00:00", 1, 1), Philly(3, "2017-10-05 23:59:59", 1, 1)],
            Start, 8, Resources);

        Assert.Equal([TimeSpan.Zero, new TimeSpan(4, 23, 59, 59)], jobs.Select(j => j.SubmitTime));
    }

    [Fact]
    public void FromPhilly_LeavesOutEarlierJobs()
    {
        var jobs = TraceWorkloads.FromPhilly(
            "philly",
            [Philly(2, "2017-10-01 08:00:00", 1, 1), Philly(3, "2017-09-30 23:59:59", 1, 1), Philly(4, "2017-09-04 10:30:41", 1, 1), Philly(5, "2017-10-03 00:00:00", 1, 1)],
            Start,
            8,
            Resources);

        Assert.Equal(["philly-2", "philly-5"], jobs.Select(j => j.Id));
    }

    [Fact]
    public void FromPhilly_NamespaceIsVc()
    {
        var jobs = TraceWorkloads.FromPhilly("philly", [Philly(2, "2017-10-01 08:00:00", 1, 1, "11cb48"), Philly(3, "2017-10-01 09:00:00", 1, 1, "b436b2")],
            Start, 8, Resources);

        Assert.Equal(["11cb48", "b436b2"], jobs.Select(j => j.Namespace));
    }

    [Fact]
    public void FromSwf_GangOfOneGpuWorkers()
    {
        var job = TraceWorkloads.FromSwf("nasa", "batch", [Swf(12, 3_600, 600, 32)], Resources).Single();

        Assert.Equal("nasa-12", job.Id);
        Assert.Equal("batch", job.Namespace);
        Assert.Equal(JobKind.Batch, job.Kind);
        Assert.Equal(TimeSpan.FromHours(1), job.SubmitTime);
        Assert.Equal(TimeSpan.FromMinutes(10), job.Duration);
        Assert.Equal(32, job.Workers);
        Assert.Equal((1, GpuDevice.MilliCapacity), (job.Worker.GpuCount, job.Worker.GpuMilli));
        Assert.Equal((4_000L, 16_384L, "P100"), (job.Worker.CpuMilli, job.Worker.MemoryMib, job.Worker.GpuModels));
    }

    [Fact]
    public void FromSwf_RequestedProcessorsFallback()
    {
        var job = TraceWorkloads.FromSwf("nasa", "batch", [Swf(3, 0, 60, null, 8)], Resources).Single();

        Assert.Equal(8, job.Workers);
    }

    [Fact]
    public void FromSwf_LeavesOutIncompleteJobs()
    {
        var jobs = TraceWorkloads.FromSwf(
            "nasa",
            "batch",
            [Swf(1, 0, 60, 4), Swf(2, 10, null, 4), Swf(3, 20, 60, null), Swf(4, 30, 60, 0), Swf(5, 40, 0, 1)],
            Resources);

        Assert.Equal(["nasa-1", "nasa-5"], jobs.Select(j => j.Id));
    }
}

/// <summary>A temporary folder of scenario and trace files, deleted on dispose.</summary>
internal sealed class ScenarioFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"clustersim-scenario-{Guid.NewGuid():N}");

    public ScenarioFolder() => Directory.CreateDirectory(Root);

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> under the folder and returns the full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>Scenario files that read Philly and SWF traces, with the traces written next to them.</summary>
public sealed class TraceScenarioTests : IDisposable
{
    /// <summary>
    /// A Philly replay in scenarios/philly.yaml that reads three files from ../traces. Tests
    /// assert line numbers in this text: the machine list's path is on line 6, the VC table's
    /// path on line 12 and the job list's path on line 17.
    /// </summary>
    private const string PhillyScenario = """
        name: philly-small
        start: 2017-10-01
        horizon: 10d
        cluster:
          machineList:
            path: ../traces/machines.csv
            gpuModel: P100
            cpu: 48
            memory: 256Gi
        queues:
          virtualClusters:
            path: ../traces/vc.csv
            flavor: P100
        workloads:
          traces:
            - name: philly
              path: ../traces/jobs.csv
              worker: {cpu: 4, memory: 16Gi}

        """;

    /// <summary>The revised machine-list layout: an unnamed index column, then machine id and GPU count.</summary>
    private const string Machines = ",machineId,number of GPUs\n0,m0,8\n1,m1,4\n2,m2,0\n";

    private const string Vcs = "vc,node num\nvc-b,1\nvc-a,2\n";

    private const string JobHeader = "timestamp,duration,num_gpus,gpu_time,cluster";

    /// <summary>Three jobs: line 3 is submitted before the scenario's start and is left out.</summary>
    private const string Jobs = JobHeader + "\n"
        + "2017-10-01 00:10:00,60.5,8,484.0,vc-a\n"
        + "2017-09-30 23:59:59,10,1,10,vc-a\n"
        + "2017-10-02 00:00:00,120,24,2880,vc-b\n";

    /// <summary>An extra ClusterQueue and a LocalQueue for the namespace 'other', inserted after the VC table.</summary>
    private const string OtherQueue = """
            flavor: P100
          clusterQueues:
            - name: spare
              quotas:
                - flavor: P100
                  nominal: 4
          localQueues:
            - namespace: other
              clusterQueue: spare

        """;

    private const string SwfScenario = """
        name: swf-small
        start: 1993-10-01
        horizon: 2d
        cluster:
          nodePools:
            - name: ipsc
              count: 4
              gpuModel: iPSC
              gpus: 1
              cpu: 1
              memory: 8Mi
        queues:
          clusterQueues:
            - name: batch
              quotas:
                - flavor: iPSC
                  nominal: 4
          localQueues:
            - namespace: nasa
              clusterQueue: batch
        workloads:
          traces:
            - name: nasa
              format: swf
              path: ../traces/log.swf
              namespace: nasa

        """;

    private const string SwfLog = """
        ; Version: 2.2
        ; MaxProcs: 4
        1 0 -1 100 4 -1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1
        2 60 -1 -1 2 -1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1
        3 120 -1 30 -1 -1 -1 2 -1 -1 -1 1 1 -1 -1 -1 -1 -1

        """;

    private readonly ScenarioFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>Writes the default traces, then <paramref name="scenario"/> to scenarios/philly.yaml, and returns the scenario's path.</summary>
    private string WritePhilly(string scenario = PhillyScenario, string jobs = Jobs, string machines = Machines, string vcs = Vcs)
    {
        folder.Write("traces/machines.csv", machines);
        folder.Write("traces/vc.csv", vcs);
        folder.Write("traces/jobs.csv", jobs);
        return folder.Write("scenarios/philly.yaml", scenario);
    }

    private static IReadOnlyList<ScenarioError> Errors(string scenarioPath) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(scenarioPath)).Errors;

    private static (string File, int Line, int Column, string Field) Location(ScenarioError error) =>
        (error.File, error.Line, error.Column, error.Field);

    [Fact]
    public void MachineList_NodesTakeMachineIds()
    {
        var scenario = ScenarioLoader.LoadFile(WritePhilly());

        Assert.Equal(
            [
                new NodeSpec("m0", 48_000, 262_144, 8, "P100"),
                new NodeSpec("m1", 48_000, 262_144, 4, "P100"),
                new NodeSpec("m2", 48_000, 262_144, 0, string.Empty),
            ],
            scenario.Nodes);
    }

    [Fact]
    public void MachineList_OfficialLayout()
    {
        var scenario = ScenarioLoader.LoadFile(WritePhilly(machines: "machineId, number of GPUs, single GPU mem\nm0,2, 12GB\nm1,8, 24GB\n"));

        Assert.Equal([("m0", 2), ("m1", 8)], scenario.Nodes.Select(n => (n.Name, n.GpuCount)));
    }

    [Fact]
    public void VirtualClusters_QueuePerVc()
    {
        var scenario = ScenarioLoader.LoadFile(WritePhilly());

        var queues = scenario.ClusterQueues.ToDictionary(q => q.Name, q => q.Flavors.Select(f => (f.Flavor, f.NominalMilli, f.BorrowingLimitMilli, f.LendingLimitMilli)).ToList());

        Assert.Equal(2, queues.Count);
        Assert.Equal([("P100", 16_000L, (long?)null, (long?)null)], queues["vc-a"]);
        Assert.Equal([("P100", 8_000L, (long?)null, (long?)null)], queues["vc-b"]);
    }

    [Fact]
    public void VirtualClusters_LocalQueuePerVc()
    {
        var scenario = ScenarioLoader.LoadFile(WritePhilly());

        Assert.Equal(new Dictionary<string, string> { ["vc-a"] = "vc-a", ["vc-b"] = "vc-b" }, scenario.ClusterQueueByNamespace);
    }

    [Fact]
    public void VirtualClusters_DefaultsApplied()
    {
        var scenario = ScenarioLoader.LoadFile(WritePhilly());

        Assert.All(scenario.ClusterQueues, q => Assert.Equal(string.Empty, q.Cohort));
        Assert.All(scenario.ClusterQueues, q => Assert.Equal(QueueingStrategy.BestEffortFifo, q.Strategy));
    }

    [Fact]
    public void VirtualClusters_SettingsApplyToAll()
    {
        var text = TinyScenario.Replace(PhillyScenario, "    flavor: P100\n", "    flavor: P100\n    gpusPerNode: 4\n    cohort: philly\n    strategy: StrictFIFO\n");

        var scenario = ScenarioLoader.LoadFile(WritePhilly(text));

        var queues = scenario.ClusterQueues.ToDictionary(q => q.Name);
        Assert.Equal(8_000, queues["vc-a"].Flavors.Single().NominalMilli);
        Assert.Equal(4_000, queues["vc-b"].Flavors.Single().NominalMilli);
        Assert.All(scenario.ClusterQueues, q => Assert.Equal("philly", q.Cohort));
        Assert.All(scenario.ClusterQueues, q => Assert.Equal(QueueingStrategy.StrictFifo, q.Strategy));
    }

    [Fact]
    public void VirtualClusters_ClusterQueuesAdded()
    {
        var text = TinyScenario.Replace(PhillyScenario, "    flavor: P100\n", OtherQueue);

        var scenario = ScenarioLoader.LoadFile(WritePhilly(text));

        Assert.Equal(["spare", "vc-a", "vc-b"], scenario.ClusterQueues.Select(q => q.Name).Order(StringComparer.Ordinal));
        Assert.Equal("spare", scenario.ClusterQueueByNamespace["other"]);
    }

    [Fact]
    public void PhillyTrace_JobsConverted()
    {
        var scenario = ScenarioLoader.LoadFile(WritePhilly());

        var jobs = scenario.TraceJobs;
        Assert.Equal(["philly-2", "philly-4"], jobs.Select(j => j.Id));
        Assert.Equal(["vc-a", "vc-b"], jobs.Select(j => j.Namespace));
        Assert.Equal([TimeSpan.FromMinutes(10), TimeSpan.FromDays(1)], jobs.Select(j => j.SubmitTime));
        Assert.Equal([TimeSpan.FromSeconds(60.5), TimeSpan.FromSeconds(120)], jobs.Select(j => j.Duration));
        Assert.Equal([(1, 8), (3, 8)], jobs.Select(j => (j.Workers, j.Worker.GpuCount)));
        Assert.All(jobs, j => Assert.Equal((4_000L, 16_384L), (j.Worker.CpuMilli, j.Worker.MemoryMib)));
    }

    [Fact]
    public void PhillyTrace_MaxGpusPerWorker()
    {
        var text = TinyScenario.Replace(PhillyScenario, "      worker:", "      maxGpusPerWorker: 4\n      worker:");

        var scenario = ScenarioLoader.LoadFile(WritePhilly(text));

        Assert.Equal([(2, 4), (6, 4)], scenario.TraceJobs.Select(j => (j.Workers, j.Worker.GpuCount)));
    }

    [Fact]
    public void TracePath_SameFolderAsScenario()
    {
        folder.Write("flat/machines.csv", Machines);
        folder.Write("flat/vc.csv", Vcs);
        folder.Write("flat/jobs.csv", Jobs);
        var text = PhillyScenario.Replace("../traces/", string.Empty, StringComparison.Ordinal);
        var path = folder.Write("flat/philly.yaml", text);

        var scenario = ScenarioLoader.LoadFile(path);

        Assert.Equal(3, scenario.Nodes.Count);
        Assert.Equal(2, scenario.ClusterQueues.Count);
        Assert.Equal(2, scenario.TraceJobs.Count);
    }

    [Fact]
    public void TracePath_MissingFile()
    {
        var path = WritePhilly(TinyScenario.Replace(PhillyScenario, "../traces/jobs.csv", "../traces/nothing.csv"));

        var error = Assert.Single(Errors(path));

        Assert.Equal((path, 17, 13, "workloads.traces[0].path"), Location(error));
        Assert.Contains("value '../traces/nothing.csv'", error.Problem, StringComparison.Ordinal);
        Assert.Contains($"file {Path.Combine(folder.Root, "traces", "nothing.csv")} not found", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TracePath_MissingMachineList()
    {
        var path = WritePhilly(TinyScenario.Replace(PhillyScenario, "../traces/machines.csv", "machines.csv"));

        var errors = Errors(path);

        Assert.Equal((path, 6, 11, "cluster.machineList.path"), Location(errors[0]));
        Assert.Contains("not found", errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void JobTrace_ErrorNamesTraceFileAndLine()
    {
        var jobs = JobHeader + "\n2017-10-01 00:10:00,60,1,60,vc-a\n2017-10-01 00:20:00,-5,1,0,vc-a\n";

        var errors = Errors(WritePhilly(jobs: jobs));

        var error = Assert.Single(errors);
        Assert.Equal((Path.Combine(folder.Root, "traces", "jobs.csv"), 3, 0, "duration"), Location(error));
        Assert.Equal("value '-5': is not a non-negative number of seconds", error.Problem);
    }

    [Fact]
    public void MachineTrace_ErrorNamesTraceFileAndLine()
    {
        var errors = Errors(WritePhilly(machines: ",machineId,number of GPUs\n0,m0,8\n1,m0,4\n"));

        var error = Assert.Single(errors);
        Assert.Equal((Path.Combine(folder.Root, "traces", "machines.csv"), 3, 0, "machineId"), Location(error));
    }

    [Fact]
    public void VcTrace_ErrorNamesTraceFileAndLine()
    {
        var errors = Errors(WritePhilly(vcs: "vc,node num\nvc-a,2\nvc-b,two\n"));

        // The jobs' VCs then lack LocalQueues, but that follows from this error and is not repeated.
        Assert.Equal((Path.Combine(folder.Root, "traces", "vc.csv"), 3, 0, "node num"), Location(Assert.Single(errors)));
    }

    [Fact]
    public void PhillyVc_WithoutLocalQueue()
    {
        var jobs = Jobs + "2017-10-03 00:00:00,30,1,30,vc-z\n2017-10-03 00:00:00,30,1,30,vc-y\n";

        var error = Assert.Single(Errors(WritePhilly(jobs: jobs)));

        Assert.Equal("workloads.traces[0].path", error.Field);
        Assert.Equal(
            "has jobs in namespace(s) vc-y, vc-z without a LocalQueue; add LocalQueues for them or set 'unlistedNamespace'",
            error.Problem);
    }

    [Fact]
    public void PhillyVc_GoesToUnlistedNamespace()
    {
        var text = TinyScenario.Replace(TinyScenario.Replace(PhillyScenario, "    flavor: P100\n", OtherQueue), "      worker:", "      unlistedNamespace: other\n      worker:");
        var jobs = Jobs + "2017-10-03 00:00:00,30,1,30,vc-z\n";

        var scenario = ScenarioLoader.LoadFile(WritePhilly(text, jobs));

        Assert.Equal(
            [("philly-2", "vc-a"), ("philly-4", "vc-b"), ("philly-5", "other")],
            scenario.TraceJobs.Select(j => (j.Id, j.Namespace)));
    }

    [Fact]
    public void UnlistedNamespace_NeedsLocalQueue()
    {
        var text = TinyScenario.Replace(PhillyScenario, "      worker:", "      unlistedNamespace: nowhere\n      worker:");

        var error = Assert.Single(Errors(WritePhilly(text)));

        Assert.Equal("workloads.traces[0].unlistedNamespace", error.Field);
        Assert.Equal("value 'nowhere' has no LocalQueue; add one under queues.localQueues", error.Problem);
    }

    [Fact]
    public void PhillyNamespace_ReplacesVc()
    {
        var text = TinyScenario.Replace(TinyScenario.Replace(PhillyScenario, "    flavor: P100\n", OtherQueue), "      worker:", "      namespace: other\n      worker:");

        var scenario = ScenarioLoader.LoadFile(WritePhilly(text));

        Assert.Equal(["other", "other"], scenario.TraceJobs.Select(j => j.Namespace));
    }

    [Fact]
    public void SwfTrace_JobsConverted()
    {
        folder.Write("traces/log.swf", SwfLog);
        var path = folder.Write("scenarios/swf.yaml", SwfScenario);

        var scenario = ScenarioLoader.LoadFile(path);

        Assert.Equal(["nasa-1", "nasa-3"], scenario.TraceJobs.Select(j => j.Id));
        Assert.Equal([4, 2], scenario.TraceJobs.Select(j => j.Workers));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(2)], scenario.TraceJobs.Select(j => j.SubmitTime));
        Assert.All(scenario.TraceJobs, j => Assert.Equal(("nasa", 1), (j.Namespace, j.Worker.GpuCount)));
    }

    [Fact]
    public void SwfTrace_NeedsNamespace()
    {
        folder.Write("traces/log.swf", SwfLog);
        var path = folder.Write("scenarios/swf.yaml", TinyScenario.Replace(SwfScenario, "      namespace: nasa\n", string.Empty));

        var error = Assert.Single(Errors(path));

        Assert.Equal("workloads.traces[0].namespace", error.Field);
        Assert.Equal("is missing; add it", error.Problem);
    }

    [Fact]
    public void SwfTrace_ErrorNamesTraceFileAndLine()
    {
        var log = folder.Write("traces/log.swf", SwfLog.Replace("3 120 -1 30", "3 120 -1 3.5", StringComparison.Ordinal));
        var path = folder.Write("scenarios/swf.yaml", SwfScenario);

        var error = Assert.Single(Errors(path));

        Assert.Equal((log, 5, 0, "run time"), Location(error));
    }

    [Fact]
    public void ShippedPhillyScenario_LoadsRealTraces()
    {
        TestTraces.Require("philly-pollux-jobs/philly.csv");
        TestTraces.Require("philly-machine-list/revised_machine_list.csv");
        TestTraces.Require("philly-aggregates/philly_vc.csv");

        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepositoryRoot(), "scenarios", "philly", "philly-vc-quotas.yaml"));

        Assert.Equal(552, scenario.Nodes.Count);
        Assert.Equal(3_205, scenario.Nodes.Sum(n => n.GpuCount));
        Assert.Equal(12, scenario.ClusterQueues.Count);
        Assert.Equal(3_205_000, scenario.ClusterQueues.Sum(q => q.Flavors.Sum(f => f.NominalMilli)));
        Assert.Equal(82_247, scenario.TraceJobs.Count);
        Assert.Equal(18, scenario.TraceJobs.Count(j => j.Namespace == "unlisted"));
    }

    [Fact]
    public void ShippedNasaScenario_LoadsRealTrace()
    {
        TestTraces.Require("pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz");

        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepositoryRoot(), "scenarios", "swf", "nasa-ipsc.yaml"));

        Assert.Equal(128, scenario.Nodes.Count);
        Assert.Equal(18_239, scenario.TraceJobs.Count);
        Assert.Equal(128, scenario.TraceJobs.Max(j => j.Workers));
    }

    /// <summary>Returns the folder that contains ClusterSim.sln, found by walking up from the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClusterSim.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains ClusterSim.sln; run the tests from a build inside the repository.");
    }
}

/// <summary>
/// Test collection that runs alone, because its tests change the CLUSTERSIM_TRACES environment
/// variable, which other tests read while they run.
/// </summary>
[CollectionDefinition(nameof(TracesVariableGroup), DisableParallelization = true)]
public sealed class TracesVariableGroup;

/// <summary>Tests of the ${CLUSTERSIM_TRACES} placeholder in trace paths.</summary>
[Collection(nameof(TracesVariableGroup))]
public sealed class TracesVariableTests : IDisposable
{
    private const string Scenario = """
        name: philly-variable
        start: 2017-10-01
        horizon: 10d
        cluster:
          machineList:
            path: ${CLUSTERSIM_TRACES}/machines.csv
            gpuModel: P100
            cpu: 48
            memory: 256Gi
        queues:
          virtualClusters:
            path: ${CLUSTERSIM_TRACES}/vc.csv
            flavor: P100
        workloads:
          traces:
            - name: philly
              path: ${CLUSTERSIM_TRACES}/jobs.csv

        """;

    private readonly ScenarioFolder folder = new();
    private readonly string? savedValue = Environment.GetEnvironmentVariable(TestTraces.Variable);

    public TracesVariableTests()
    {
        folder.Write("traces/machines.csv", ",machineId,number of GPUs\n0,m0,8\n");
        folder.Write("traces/vc.csv", "vc,node num\nvc-a,1\n");
        folder.Write("traces/jobs.csv", "timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-01 01:00:00,60,8,480,vc-a\n");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(TestTraces.Variable, savedValue);
        folder.Dispose();
    }

    [Fact]
    public void TracesVariable_SetResolves()
    {
        Environment.SetEnvironmentVariable(TestTraces.Variable, Path.Combine(folder.Root, "traces"));
        var path = folder.Write("scenarios/philly.yaml", Scenario);

        var scenario = ScenarioLoader.LoadFile(path);

        Assert.Equal(["m0"], scenario.Nodes.Select(n => n.Name));
        Assert.Equal(["vc-a"], scenario.ClusterQueues.Select(q => q.Name));
        Assert.Equal(["philly-2"], scenario.TraceJobs.Select(j => j.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void TracesVariable_UnsetRejected(string? value)
    {
        Environment.SetEnvironmentVariable(TestTraces.Variable, value);
        var path = folder.Write("scenarios/philly.yaml", Scenario);

        var errors = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(path)).Errors;

        Assert.Equal(
            [(6, 11, "cluster.machineList.path"), (12, 11, "queues.virtualClusters.path"), (17, 13, "workloads.traces[0].path")],
            errors.Select(e => (e.Line, e.Column, e.Field)));
        Assert.Equal(
            "value '${CLUSTERSIM_TRACES}/jobs.csv' uses ${CLUSTERSIM_TRACES}, but CLUSTERSIM_TRACES is not set; set it to the folder of public traces",
            errors[2].Problem);
    }
}
