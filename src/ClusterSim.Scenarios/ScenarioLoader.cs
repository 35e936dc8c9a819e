using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Policies.Admission;
using ClusterSim.Core.Workloads;
using ClusterSim.Simulation.Faults;
using ClusterSim.Simulation.Workloads.Sources;
using ClusterSim.Traces.Philly;
using ClusterSim.Traces.Swf;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>What a scenario file is read for.</summary>
public enum ScenarioUse
{
    /// <summary>A simulation: the cluster, workloads, start and horizon are required.</summary>
    Simulation,

    /// <summary>Live mode's configuration: only the queues, admission settings and placement policy are needed.</summary>
    Live,
}

/// <summary>
/// Reads scenario files (YAML). Every problem is reported at once with the file, line, column
/// and field path; docs/scenario-format.md describes the fields.
/// </summary>
public static class ScenarioLoader
{
    private const long MilliPerGpu = GpuDevice.MilliCapacity;

    private static readonly Dictionary<string, QueueingStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["BestEffortFIFO"] = QueueingStrategy.BestEffortFifo,
        ["StrictFIFO"] = QueueingStrategy.StrictFifo,
        ["EasyBackfill"] = QueueingStrategy.EasyBackfill,
    };

    private static readonly Dictionary<string, WithinClusterQueuePreemption> WithinChoices = new(StringComparer.Ordinal)
    {
        ["Never"] = WithinClusterQueuePreemption.Never,
        ["LowerPriority"] = WithinClusterQueuePreemption.LowerPriority,
    };

    private static readonly Dictionary<string, ReclaimWithinCohort> ReclaimChoices = new(StringComparer.Ordinal)
    {
        ["Never"] = ReclaimWithinCohort.Never,
        ["LowerPriority"] = ReclaimWithinCohort.LowerPriority,
        ["Any"] = ReclaimWithinCohort.Any,
    };

    private static readonly Dictionary<string, TraceFormat> TraceFormats = new(StringComparer.Ordinal)
    {
        ["philly"] = TraceFormat.Philly,
        ["swf"] = TraceFormat.Swf,
    };

    private enum TraceFormat
    {
        Philly,
        Swf,
    }

    private static readonly Dictionary<string, bool> BackfillOrders = new(StringComparer.Ordinal)
    {
        ["oldestFirst"] = false,
        ["newestFirst"] = true,
    };

    /// <summary>Reads and validates the scenario in <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioException">The file is missing, unreadable or invalid.</exception>
    public static Scenario LoadFile(string path) => LoadFile(path, ScenarioUse.Simulation);

    /// <summary>
    /// Reads and validates the scenario in <paramref name="path"/> for <paramref name="use"/>. For
    /// live mode the cluster, workloads, start and horizon may be left out: the cluster then
    /// comes from the API server and the workload from its Jobs.
    /// </summary>
    /// <exception cref="ScenarioException">The file is missing, unreadable or invalid.</exception>
    public static Scenario LoadFile(string path, ScenarioUse use)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioException([new ScenarioError(path, 0, 0, string.Empty, "file not found; check the path")]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException([new ScenarioError(path, 0, 0, string.Empty, $"cannot be read ({e.Message}); check its permissions")]);
        }

        return Load(path, text, use);
    }

    /// <summary>Parses scenario YAML; <paramref name="path"/> names the source in errors.</summary>
    public static Scenario Load(string path, string yaml, ScenarioUse use = ScenarioUse.Simulation)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ScenarioException([new ScenarioError(path, (int)e.Start.Line, (int)e.Start.Column, string.Empty,
                $"is not valid YAML ({e.InnerException?.Message ?? e.Message}); fix the syntax")]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this for some unclosed flow collections, without a
            // position, so the error points at the last token it could read.
            var (line, column) = LastReadablePosition(yaml);
            throw new ScenarioException([new ScenarioError(path, line, column, string.Empty, $"is not valid YAML ({e.Message}); check that every '{{' and '[' is closed")]);
        }

        if (stream.Documents.Count != 1)
        {
            throw new ScenarioException([new ScenarioError(path, 0, 0, string.Empty, "must contain exactly one YAML document")]);
        }

        var errors = new List<ScenarioError>();
        var root = new YamlFields(path, errors, string.Empty, stream.Documents[0].RootNode);
        var scenario = Read(root, errors, new TraceFiles(path, errors), use == ScenarioUse.Simulation);

        // Problems are found field by field; they are reported in file order.
        var ordered = errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return errors.Count > 0 || scenario is null ? throw new ScenarioException(ordered) : scenario;
    }

    private static (int Line, int Column) LastReadablePosition(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var position = (0, 0);
        try
        {
            while (scanner.MoveNext())
            {
                position = ((int)scanner.Current!.Start.Line, (int)scanner.Current.Start.Column);
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The result is the position of the last token read.
        }

        return position;
    }

    private static Scenario? Read(YamlFields root, List<ScenarioError> errors, TraceFiles traces, bool simulated)
    {
        var name = root.Text("name", required: true);
        var description = root.Text("description", fallback: string.Empty);
        var seed = root.Integer("seed", fallback: 1, min: 0, max: int.MaxValue);
        var start = simulated || root.Has("start") ? root.Date("start", required: true) : DateOnly.FromDateTime(DateTime.UnixEpoch);
        var horizon = simulated || root.Has("horizon") ? root.Duration("horizon", required: true) : TimeSpan.Zero;
        var sampleEvery = root.Duration("sampleEvery", fallback: TimeSpan.FromMinutes(10));
        var placement = root.Text("placement", fallback: PolicyNames.BestFit)!;
        if (PolicyNames.Normalize(placement) is null)
        {
            root.Error("placement", $"value '{placement}' is not a placement policy; use one of {string.Join(", ", PolicyNames.All)}");
        }

        var nodes = ReadCluster(root.Mapping("cluster", required: simulated), traces);
        var (clusterQueues, localQueues) = ReadQueues(root.Mapping("queues", required: true), traces);
        var faults = ReadFaults(root.Mapping("faults"));
        var admissionFields = root.Mapping("admission");
        var admission = ReadAdmission(admissionFields);
        var grace = admissionFields?.Duration("evictionGracePeriod", fallback: TimeSpan.FromSeconds(30), allowZero: true) ?? TimeSpan.FromSeconds(30);
        var backoff = admissionFields?.Duration("requeueBackoff", fallback: TimeSpan.FromSeconds(60), allowZero: true) ?? TimeSpan.FromSeconds(60);
        var workloads = root.Mapping("workloads", required: simulated);
        var priorityClasses = ReadPriorityClasses(root);
        var (daily, backfills, generators) = ReadWorkloads(workloads, localQueues, priorityClasses);
        var traceJobs = start is null || workloads is null ? [] : ReadTraceWorkloads(workloads, traces, start.Value, localQueues);
        root.RejectUnknown();

        // A pool with an invalid field is left out, so flavors are checked only on a clean cluster.
        if (errors.Count == 0)
        {
            if (simulated || nodes.Count > 0)
            {
                CheckFlavorsExist(root, clusterQueues, nodes);
            }

            CheckConcurrencyGroups(root, admission, daily, backfills);
        }

        if (errors.Count > 0 || name is null || start is null || horizon is null || sampleEvery is null || seed is null)
        {
            return null;
        }

        return new Scenario(name, description!, (int)seed.Value, start.Value, horizon.Value, sampleEvery.Value,
            PolicyNames.Normalize(placement)!, nodes, clusterQueues, localQueues, admission, daily, backfills, generators, traceJobs)
        {
            EvictionGracePeriod = grace,
            RequeueBackoff = backoff,
            Faults = faults,
        };
    }

    private static List<NodeSpec> ReadCluster(YamlFields? cluster, TraceFiles traces)
    {
        var nodes = new List<NodeSpec>();
        if (cluster is null)
        {
            return nodes;
        }

        if (cluster.Mapping("machineList") is { } list)
        {
            var path = traces.Resolve(list, "path");
            var model = list.Text("gpuModel", required: true);
            var cpu = list.CpuMilli("cpu", required: true);
            var memory = list.MemoryMib("memory", required: true);
            list.RejectUnknown();
            if (path is not null && model is not null && cpu is not null && memory is not null
                && traces.Read(path, PhillyReader.ReadMachines) is { } machines)
            {
                nodes.AddRange(machines.Select(m => new NodeSpec(m.Machine, cpu.Value, memory.Value, m.Gpus, m.Gpus > 0 ? model : string.Empty)));
            }
        }

        var poolNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pool in cluster.List("nodePools", required: !cluster.Has("machineList")))
        {
            var name = pool.Text("name", required: true);
            var count = pool.Integer("count", required: true, min: 1, max: 1_000_000);
            var model = pool.Text("gpuModel", fallback: string.Empty)!;
            var gpus = pool.Integer("gpus", fallback: 0, min: 0, max: 64);
            var cpu = pool.CpuMilli("cpu", required: true);
            var memory = pool.MemoryMib("memory", required: true);
            pool.RejectUnknown();
            if (name is not null && !poolNames.Add(name))
            {
                pool.Error("name", $"value '{name}' repeats another pool's name; pool names must be unique");
            }

            if (gpus > 0 && model.Length == 0)
            {
                pool.Error("gpuModel", "is missing for a pool with GPUs; name the GPU model, e.g. A100");
            }

            if (name is null || count is null || gpus is null || cpu is null || memory is null)
            {
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                nodes.Add(new NodeSpec($"{name}-{i:D4}", cpu.Value, memory.Value, (int)gpus.Value, model));
            }
        }

        cluster.RejectUnknown();
        return nodes;
    }

    private static (List<ClusterQueueSpec>, Dictionary<string, string>) ReadQueues(YamlFields? queues, TraceFiles traces)
    {
        var clusterQueues = new List<ClusterQueueSpec>();
        var localQueues = new Dictionary<string, string>(StringComparer.Ordinal);
        if (queues is null)
        {
            return (clusterQueues, localQueues);
        }

        if (queues.Mapping("virtualClusters") is { } vcs)
        {
            ReadVirtualClusters(vcs, traces, clusterQueues, localQueues);
        }

        foreach (var entry in queues.List("clusterQueues", required: !queues.Has("virtualClusters")))
        {
            var name = entry.Text("name", required: true);
            var cohort = entry.Text("cohort", fallback: string.Empty)!;
            var strategy = entry.Choice("strategy", Strategies, QueueingStrategy.BestEffortFifo);
            var preemption = ReadPreemption(entry.Mapping("preemption"));
            if (preemption.ReclaimWithinCohort != ReclaimWithinCohort.Never && cohort.Length == 0)
            {
                entry.Error("preemption", "sets reclaimWithinCohort, which has no effect without a cohort; set the queue's cohort or remove it");
            }
            var flavors = new List<FlavorQuota>();
            foreach (var quota in entry.List("quotas", required: true))
            {
                var flavor = quota.Text("flavor", required: true);
                var nominal = quota.Number("nominal", required: true, min: 0);
                var borrowing = quota.Number("borrowingLimit", min: 0);
                var lending = quota.Number("lendingLimit", min: 0);
                quota.RejectUnknown();
                if (flavor is not null && flavors.Any(f => f.Flavor == flavor))
                {
                    quota.Error("flavor", $"value '{flavor}' appears twice in this queue; give each flavor one quota");
                }

                if ((borrowing is not null || lending is not null) && cohort.Length == 0)
                {
                    quota.Error(borrowing is not null ? "borrowingLimit" : "lendingLimit", "has no effect without a cohort; set the queue's cohort or remove the limit");
                }

                if (lending is not null && nominal is not null && lending > nominal)
                {
                    quota.Error("lendingLimit", $"value '{lending}' is larger than the nominal quota {nominal}; a queue cannot lend more than it has");
                }

                if (flavor is not null && nominal is not null)
                {
                    flavors.Add(new FlavorQuota(flavor, Milli(nominal.Value), borrowing is { } b ? Milli(b) : null, lending is { } l ? Milli(l) : null));
                }
            }

            entry.RejectUnknown();
            if (name is null)
            {
                continue;
            }

            if (clusterQueues.Any(q => q.Name == name))
            {
                entry.Error("name", $"value '{name}' repeats another ClusterQueue's name; names must be unique");
                continue;
            }

            // An invalid strategy is reported above; the queue stays so that references to it do not fail too.
            clusterQueues.Add(new ClusterQueueSpec(name, cohort, strategy ?? QueueingStrategy.BestEffortFifo, flavors) { Preemption = preemption });
        }

        foreach (var entry in queues.List("localQueues", required: !queues.Has("virtualClusters")))
        {
            var ns = entry.Text("namespace", required: true);
            var target = entry.Text("clusterQueue", required: true);
            entry.RejectUnknown();
            if (ns is null || target is null)
            {
                continue;
            }

            if (clusterQueues.All(q => q.Name != target))
            {
                entry.Error("clusterQueue", $"value '{target}' names no ClusterQueue; use one of {string.Join(", ", clusterQueues.Select(q => q.Name))}");
            }
            else if (!localQueues.TryAdd(ns, target))
            {
                entry.Error("namespace", $"value '{ns}' already has a LocalQueue; give each namespace one");
            }
        }

        queues.RejectUnknown();
        return (clusterQueues, localQueues);
    }

    private static PreemptionPolicy ReadPreemption(YamlFields? preemption)
    {
        if (preemption is null)
        {
            return PreemptionPolicy.None;
        }

        var within = preemption.Choice("withinClusterQueue", WithinChoices, WithinClusterQueuePreemption.Never);
        var reclaim = preemption.Choice("reclaimWithinCohort", ReclaimChoices, ReclaimWithinCohort.Never);
        preemption.RejectUnknown();
        return new PreemptionPolicy(within ?? WithinClusterQueuePreemption.Never, reclaim ?? ReclaimWithinCohort.Never);
    }

    /// <summary>
    /// Creates one ClusterQueue per Philly virtual cluster, with a nominal quota of its node count
    /// times <c>gpusPerNode</c>, and a LocalQueue that maps the VC's namespace to it.
    /// </summary>
    private static void ReadVirtualClusters(YamlFields vcs, TraceFiles traces, List<ClusterQueueSpec> clusterQueues, Dictionary<string, string> localQueues)
    {
        var path = traces.Resolve(vcs, "path");
        var flavor = vcs.Text("flavor", required: true);
        var gpusPerNode = vcs.Integer("gpusPerNode", fallback: 8, min: 1, max: 64);
        var cohort = vcs.Text("cohort", fallback: string.Empty)!;
        var strategy = vcs.Choice("strategy", Strategies, QueueingStrategy.BestEffortFifo);
        vcs.RejectUnknown();
        if (path is null || flavor is null || gpusPerNode is null || strategy is null || traces.Read(path, PhillyReader.ReadVirtualClusters) is not { } sizes)
        {
            return;
        }

        foreach (var (vc, count) in sizes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            clusterQueues.Add(new ClusterQueueSpec(vc, cohort, strategy.Value, [new FlavorQuota(flavor, count * gpusPerNode.Value * MilliPerGpu, null, null)]));
            localQueues[vc] = vc;
        }
    }

    private static List<JobSpec> ReadTraceWorkloads(YamlFields workloads, TraceFiles traces, DateOnly start, Dictionary<string, string> localQueues)
    {
        var jobs = new List<JobSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in workloads.List("traces"))
        {
            var name = entry.Text("name", required: true);
            var format = entry.Choice("format", TraceFormats, TraceFormat.Philly);
            var path = traces.Resolve(entry, "path");
            var ns = entry.Text("namespace", required: format == TraceFormat.Swf);
            var unlisted = entry.Text("unlistedNamespace");
            var maxGpus = entry.Integer("maxGpusPerWorker", fallback: 8, min: 1, max: 64);
            var shape = entry.Mapping("worker");
            var resources = new WorkerResources(shape?.CpuMilli("cpu", fallback: 0) ?? 0, shape?.MemoryMib("memory", fallback: 0) ?? 0,
                shape?.Text("gpuModels", fallback: string.Empty) ?? string.Empty);
            shape?.RejectUnknown();
            entry.RejectUnknown();
            if (name is not null && !names.Add(name))
            {
                entry.Error("name", $"value '{name}' names another trace workload; names must be unique");
                continue;
            }

            if (name is null || format is null || path is null || maxGpus is null || (format == TraceFormat.Swf && ns is null))
            {
                continue;
            }

            var converted = format == TraceFormat.Philly
                ? traces.Read(path, PhillyReader.ReadJobs) is { } philly ? TraceWorkloads.FromPhilly(name, philly, start, (int)maxGpus.Value, resources) : null
                : traces.Read(path, SwfReader.ReadFile) is { } swf ? TraceWorkloads.FromSwf(name, ns!, swf, resources) : null;
            if (converted is null)
            {
                continue;
            }

            // Jobs of a namespace without a LocalQueue go to 'unlistedNamespace', or are an error.
            var missing = converted.Select(j => ns ?? j.Namespace).Where(n => !localQueues.ContainsKey(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0 && unlisted is null && !traces.HasErrors)
            {
                entry.Error("path", $"has jobs in namespace(s) {string.Join(", ", missing)} without a LocalQueue; add LocalQueues for them or set 'unlistedNamespace'");
                continue;
            }

            if (missing.Count > 0 && unlisted is null)
            {
                // A queue table that failed to load is the cause; it is reported already.
                continue;
            }

            if (unlisted is not null && !localQueues.ContainsKey(unlisted))
            {
                entry.Error("unlistedNamespace", $"value '{unlisted}' has no LocalQueue; add one under queues.localQueues");
                continue;
            }

            jobs.AddRange(converted.Select(j =>
            {
                var target = ns ?? j.Namespace;
                return localQueues.ContainsKey(target) ? j with { Namespace = target } : j with { Namespace = unlisted! };
            }));
        }

        return jobs;
    }

    private static AdmissionSettings ReadAdmission(YamlFields? admission)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        if (admission is null)
        {
            return new AdmissionSettings(limits, PartitionLock: false, RerunCompletedPartitions: false);
        }

        var partitionLock = admission.Boolean("partitionLock", fallback: false) ?? false;
        var rerun = admission.Boolean("rerunCompleted", fallback: false) ?? false;
        foreach (var entry in admission.List("concurrencyLimits"))
        {
            var group = entry.Text("group", required: true);
            var max = entry.Integer("maxActive", required: true, min: 1, max: 1_000_000);
            entry.RejectUnknown();
            if (group is not null && max is not null && !limits.TryAdd(group, (int)max.Value))
            {
                entry.Error("group", $"value '{group}' has a limit already; give each group one");
            }
        }

        // The eviction timings are read by the caller, into the scenario.
        admission.RejectUnknown("evictionGracePeriod", "requeueBackoff");
        return new AdmissionSettings(limits, partitionLock, rerun);
    }

    /// <summary>Reads named workload priorities, like Kueue's WorkloadPriorityClasses.</summary>
    private static Dictionary<string, int> ReadPriorityClasses(YamlFields root)
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in root.List("priorityClasses"))
        {
            var name = entry.Text("name", required: true);
            var value = entry.Integer("value", required: true, min: int.MinValue, max: int.MaxValue);
            entry.RejectUnknown();
            if (name is not null && value is not null && !classes.TryAdd(name, (int)value.Value))
            {
                entry.Error("name", $"value '{name}' names another priority class; names must be unique");
            }
        }

        return classes;
    }

    private static (List<DailyPipeline>, List<HistoricalBackfill>, List<PoissonJobs>) ReadWorkloads(
        YamlFields? workloads, Dictionary<string, string> localQueues, Dictionary<string, int> priorityClasses)
    {
        var daily = new List<DailyPipeline>();
        var backfills = new List<HistoricalBackfill>();
        var generators = new List<PoissonJobs>();
        if (workloads is null)
        {
            return (daily, backfills, generators);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in workloads.List("daily"))
        {
            var pipeline = UniqueName(entry, "pipeline", names);
            var ns = Namespace(entry, localQueues);
            var priority = entry.Priority("priority", priorityClasses);
            var at = entry.ClockTime("at", required: true);
            var deadline = entry.ClockTime("deadline");
            var duration = entry.Duration("duration", required: true);
            var (workers, worker) = ReadWorkers(entry);
            var artifact = entry.Text("artifact", fallback: string.Empty)!;
            var group = entry.Text("concurrencyGroup", fallback: string.Empty)!;
            var checkpoint = ReadCheckpoint(entry.Mapping("checkpoint"));
            var firstDay = entry.Integer("firstDay", fallback: 0, min: 0, max: 100_000);
            var days = entry.Integer("days", min: 1, max: 100_000);
            entry.RejectUnknown();
            if (deadline is not null && at is not null && deadline <= at)
            {
                entry.Error("deadline", $"is not after 'at'; write a later time of day, or past 24:00 for the next day");
            }

            if (pipeline is null || ns is null || priority is null || at is null || duration is null || workers is null || worker is null || firstDay is null)
            {
                continue;
            }

            daily.Add(new DailyPipeline(pipeline, ns, (int)priority.Value, at.Value, deadline, duration.Value, workers.Value, worker,
                artifact, group, (int)firstDay.Value, days is { } d ? (int)d : null) { Checkpoint = checkpoint });
        }

        foreach (var entry in workloads.List("backfills"))
        {
            var name = UniqueName(entry, "name", names);
            var pipeline = entry.Text("pipeline", required: true);
            var ns = Namespace(entry, localQueues);
            var priority = entry.Priority("priority", priorityClasses);
            var submitAt = entry.Duration("submitAt", required: true, allowZero: true);
            var from = entry.Date("from", required: true);
            var to = entry.Date("to", required: true);
            var newestFirst = entry.Choice("order", BackfillOrders, false);
            var duration = entry.Duration("duration", required: true);
            var (workers, worker) = ReadWorkers(entry);
            var artifact = entry.Text("artifact", fallback: string.Empty)!;
            var group = entry.Text("concurrencyGroup", fallback: string.Empty)!;
            var checkpoint = ReadCheckpoint(entry.Mapping("checkpoint"));
            entry.RejectUnknown();
            if (from is not null && to is not null && to < from)
            {
                entry.Error("to", $"value '{to:yyyy-MM-dd}' is before 'from' ({from:yyyy-MM-dd}); the range must run forward");
            }

            if (name is null || pipeline is null || ns is null || priority is null || submitAt is null || from is null || to is null
                || newestFirst is null || duration is null || workers is null || worker is null || to < from)
            {
                continue;
            }

            backfills.Add(new HistoricalBackfill(name, pipeline, ns, (int)priority.Value, submitAt.Value, from.Value, to.Value,
                newestFirst.Value, duration.Value, workers.Value, worker, artifact, group) { Checkpoint = checkpoint });
        }

        foreach (var entry in workloads.List("generators"))
        {
            var name = UniqueName(entry, "name", names);
            var ns = Namespace(entry, localQueues);
            var priority = entry.Priority("priority", priorityClasses);
            var rate = entry.Number("ratePerHour", required: true, min: 1e-6, max: 1e6);
            var from = entry.Duration("from", fallback: TimeSpan.Zero, allowZero: true);
            var until = entry.Duration("until", fallback: TimeSpan.MaxValue);
            var median = entry.Duration("medianDuration", required: true);
            var sigma = entry.Number("durationSigma", fallback: 1.0, min: 0, max: 10);
            var (workers, worker) = ReadWorkers(entry);
            var checkpoint = ReadCheckpoint(entry.Mapping("checkpoint"));
            entry.RejectUnknown();
            if (name is null || ns is null || priority is null || rate is null || from is null || until is null || median is null
                || sigma is null || workers is null || worker is null)
            {
                continue;
            }

            generators.Add(new PoissonJobs(name, ns, (int)priority.Value, rate.Value, from.Value, until.Value, median.Value, sigma.Value, workers.Value, worker)
            {
                Checkpoint = checkpoint,
            });
        }

        // Trace workloads are read after these sources, by ReadTraceWorkloads.
        workloads.RejectUnknown("traces");
        return (daily, backfills, generators);
    }

    private static readonly Dictionary<string, CheckpointStrategy> CheckpointStrategies = new(StringComparer.Ordinal)
    {
        ["none"] = CheckpointStrategy.None,
        ["fixed"] = CheckpointStrategy.Fixed,
        ["young"] = CheckpointStrategy.Young,
        ["dalyFirstOrder"] = CheckpointStrategy.DalyFirstOrder,
        ["dalyHigherOrder"] = CheckpointStrategy.DalyHigherOrder,
    };

    private static CheckpointPolicy ReadCheckpoint(YamlFields? checkpoint)
    {
        if (checkpoint is null)
        {
            return CheckpointPolicy.None;
        }

        var strategy = checkpoint.Choice("strategy", CheckpointStrategies, CheckpointStrategy.None);
        var interval = checkpoint.Duration("interval", required: strategy == CheckpointStrategy.Fixed, fallback: TimeSpan.Zero);
        var cost = checkpoint.Duration("cost", fallback: TimeSpan.Zero, allowZero: true);
        var restart = checkpoint.Duration("restartCost", fallback: TimeSpan.Zero, allowZero: true);
        checkpoint.RejectUnknown();
        return strategy is null || interval is null || cost is null || restart is null
            ? CheckpointPolicy.None
            : new CheckpointPolicy(strategy.Value, interval.Value, cost.Value, restart.Value);
    }

    private static readonly Dictionary<string, FailureDistribution> FailureDistributions = new(StringComparer.Ordinal)
    {
        ["exponential"] = FailureDistribution.Exponential,
        ["weibull"] = FailureDistribution.Weibull,
    };

    private static readonly Dictionary<string, StragglerPolicy> StragglerPolicies = new(StringComparer.Ordinal)
    {
        ["tolerate"] = StragglerPolicy.Tolerate,
        ["evict"] = StragglerPolicy.Evict,
    };

    /// <summary>Reads the fault models: node failures, straggler episodes, maintenance windows and straggler mitigation.</summary>
    private static FaultSettings ReadFaults(YamlFields? faults)
    {
        if (faults is null)
        {
            return FaultSettings.None;
        }

        NodeFailureModel? failures = null;
        if (faults.Mapping("nodeFailures") is { } f)
        {
            var perNode = f.Duration("mtbfPerNode");
            var perGpu = f.Duration("mtbfPerGpu");
            var distribution = f.Choice("distribution", FailureDistributions, FailureDistribution.Exponential);
            var shape = f.Number("weibullShape", fallback: 1.0, min: 0.05, max: 20);
            var repair = f.Duration("repairTime", fallback: TimeSpan.FromHours(1), allowZero: true);
            var causes = new List<FailureCause>();
            foreach (var c in f.List("causes"))
            {
                var causeName = c.Text("name", required: true);
                var share = c.Number("share", required: true, min: 0, max: 1e9);
                var causeRepair = c.Duration("repairTime", fallback: repair, allowZero: true);
                c.RejectUnknown();
                if (causeName is not null && share is not null && causeRepair is not null)
                {
                    causes.Add(new FailureCause(causeName, share.Value, causeRepair.Value));
                }
            }

            if (f.Has("causes") && causes.Count > 0 && causes.Sum(c => c.Share) <= 0)
            {
                f.Error("causes", "have shares that add up to zero; give each cause a positive share");
            }

            f.RejectUnknown();
            if (f.Has("mtbfPerNode") && f.Has("mtbfPerGpu"))
            {
                f.Error("mtbfPerNode", "is given together with mtbfPerGpu; give exactly one of them");
            }
            else if (!f.Has("mtbfPerNode") && !f.Has("mtbfPerGpu"))
            {
                f.Error("mtbfPerNode", "is missing; give mtbfPerNode or mtbfPerGpu");
            }
            else if ((perNode is not null || perGpu is not null) && distribution is not null && shape is not null && repair is not null)
            {
                failures = new NodeFailureModel(perNode ?? TimeSpan.Zero, perGpu ?? TimeSpan.Zero, distribution.Value, shape.Value, repair.Value)
                {
                    Causes = causes,
                };
            }
        }

        StragglerModel? stragglers = null;
        if (faults.Mapping("stragglers") is { } s)
        {
            var rate = s.Number("ratePerNodePerDay", required: true, min: 0, max: 1000);
            var median = s.Duration("medianDuration", required: true);
            var sigma = s.Number("durationSigma", fallback: 0.5, min: 0, max: 10);
            var low = s.Number("slowdownMin", fallback: 1.5, min: 1, max: 1000);
            var high = s.Number("slowdownMax", fallback: 3, min: 1, max: 1000);
            s.RejectUnknown();
            if (low > high)
            {
                s.Error("slowdownMax", $"value '{high}' is below slowdownMin {low}; give a range from low to high");
            }
            else if (rate is not null && median is not null && sigma is not null && low is not null && high is not null)
            {
                stragglers = new StragglerModel(rate.Value, median.Value, sigma.Value, low.Value, high.Value);
            }
        }

        var windows = new List<MaintenanceWindow>();
        foreach (var w in faults.List("maintenance"))
        {
            var prefix = w.Text("nodes", fallback: string.Empty)!;
            var start = w.Duration("start", required: true, allowZero: true);
            var duration = w.Duration("duration", required: true);
            var every = w.Duration("every");
            w.RejectUnknown();
            if (every is not null && duration is not null && every <= duration)
            {
                w.Error("every", "is not longer than the window's duration; windows must not overlap");
            }
            else if (start is not null && duration is not null)
            {
                windows.Add(new MaintenanceWindow(prefix, start.Value, duration.Value, every));
            }
        }

        var mitigation = StragglerMitigation.Tolerate;
        if (faults.Mapping("mitigation") is { } m)
        {
            var policy = m.Choice("policy", StragglerPolicies, StragglerPolicy.Tolerate);
            var threshold = m.Number("threshold", fallback: 1.5, min: 1, max: 1000);
            var grace = m.Duration("grace", fallback: TimeSpan.FromMinutes(10), allowZero: true);
            m.RejectUnknown();
            if (policy is not null && threshold is not null && grace is not null)
            {
                mitigation = policy == StragglerPolicy.Evict ? new StragglerMitigation(policy.Value, threshold.Value, grace.Value) : StragglerMitigation.Tolerate;
            }
        }

        faults.RejectUnknown();
        return new FaultSettings(failures, stragglers, windows, mitigation);
    }

    private static (int? Workers, WorkerShape? Worker) ReadWorkers(YamlFields entry)
    {
        var workers = entry.Integer("workers", fallback: 1, min: 1, max: 100_000);
        var shape = entry.Mapping("worker", required: true);
        if (shape is null)
        {
            return (null, null);
        }

        var gpus = shape.Integer("gpus", fallback: 0, min: 0, max: 64);
        var cpu = shape.CpuMilli("cpu", fallback: 0);
        var memory = shape.MemoryMib("memory", fallback: 0);
        var models = shape.Text("gpuModels", fallback: string.Empty)!;
        shape.RejectUnknown();
        return workers is null || gpus is null || cpu is null || memory is null
            ? (null, null)
            : ((int)workers.Value, new WorkerShape((int)gpus.Value, cpu.Value, memory.Value, models));
    }

    private static string? UniqueName(YamlFields entry, string key, HashSet<string> names)
    {
        var name = entry.Text(key, required: true);
        if (name is not null && !names.Add(name))
        {
            entry.Error(key, $"value '{name}' names another workload source too; job ids derive from it, so names must be unique");
            return null;
        }

        return name;
    }

    private static string? Namespace(YamlFields entry, Dictionary<string, string> localQueues)
    {
        var ns = entry.Text("namespace", required: true);
        if (ns is not null && localQueues.Count > 0 && !localQueues.ContainsKey(ns))
        {
            entry.Error("namespace", $"value '{ns}' has no LocalQueue; add one under queues.localQueues or use one of {string.Join(", ", localQueues.Keys)}");
            return null;
        }

        return ns;
    }

    private static void CheckFlavorsExist(YamlFields root, List<ClusterQueueSpec> clusterQueues, List<NodeSpec> nodes)
    {
        var models = nodes.Select(n => n.GpuModel).Where(m => m.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var queue in clusterQueues)
        {
            foreach (var flavor in queue.Flavors.Where(f => !models.Contains(f.Flavor)))
            {
                root.Error("queues", $"ClusterQueue '{queue.Name}' has quota for flavor '{flavor.Flavor}', but no node pool has that GPU model; use one of {string.Join(", ", models.Order(StringComparer.Ordinal))}");
            }
        }
    }

    /// <summary>
    /// Rejects a concurrency group that a workload names but no limit covers, and a limit that
    /// no workload uses: either is most likely a misspelling that would silently lift the limit.
    /// </summary>
    private static void CheckConcurrencyGroups(YamlFields root, AdmissionSettings admission, List<DailyPipeline> daily, List<HistoricalBackfill> backfills)
    {
        var used = daily.Select(d => d.ConcurrencyGroup).Concat(backfills.Select(b => b.ConcurrencyGroup))
            .Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var group in used.Where(g => !admission.ConcurrencyLimits.ContainsKey(g)).Order(StringComparer.Ordinal))
        {
            root.Error("workloads", $"concurrencyGroup '{group}' has no limit under admission.concurrencyLimits; add one or correct the name (limits exist for: {string.Join(", ", admission.ConcurrencyLimits.Keys.Order(StringComparer.Ordinal))})");
        }

        foreach (var group in admission.ConcurrencyLimits.Keys.Where(g => !used.Contains(g)).Order(StringComparer.Ordinal))
        {
            root.Error("admission", $"the concurrency limit for group '{group}' applies to no workload; set concurrencyGroup: {group} on a workload or correct the name");
        }
    }

    private static long Milli(double gpus) => (long)Math.Round(gpus * MilliPerGpu);
}
