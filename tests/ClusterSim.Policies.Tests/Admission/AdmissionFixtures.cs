using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Policies.Admission;

namespace ClusterSim.Policies.Tests.Admission;

/// <summary>Builders for admission tests: GPU nodes, quotas in whole GPUs and gang jobs.</summary>
internal static class AdmissionFixtures
{
    public const string Model = "A100";

    public static NodeSpec GpuNode(string name, int gpus) => new(name, 256_000, 2_097_152, gpus, Model);

    public static FlavorQuota Quota(double nominal, double? borrowingLimit = null, double? lendingLimit = null) =>
        new(Model, Milli(nominal), borrowingLimit is { } b ? Milli(b) : null, lendingLimit is { } l ? Milli(l) : null);

    public static ClusterQueueSpec Queue(string name, string cohort, FlavorQuota quota, QueueingStrategy strategy = QueueingStrategy.BestEffortFifo) =>
        new(name, cohort, strategy, [quota]);

    /// <summary>A job of <paramref name="workers"/> workers with <paramref name="gpusPerWorker"/> whole GPUs each.</summary>
    public static JobSpec Job(string id, string ns, int gpusPerWorker, int workers = 1, int priority = 0, double submitSeconds = 0,
        string group = "", string pipeline = "", string partition = "", JobKind kind = JobKind.Batch) =>
        new(id, kind, ns, pipeline, group, priority, TimeSpan.FromSeconds(submitSeconds), TimeSpan.FromHours(1), workers,
            new PodSpec(id, 1_000, 1_024, gpusPerWorker, gpusPerWorker == 0 ? 0 : GpuDevice.MilliCapacity, string.Empty),
            null, partition, string.Empty);

    public static AdmissionEngine Engine(ClusterState cluster, IReadOnlyList<ClusterQueueSpec> queues, AdmissionSettings? settings = null)
    {
        // Each queue is served by a namespace of the same name.
        var namespaces = queues.ToDictionary(q => q.Name, q => q.Name);
        var placement = new PlacementEngine(new BestFitPolicy(), NodeRanking.Identity(cluster.Nodes.Count));
        return new AdmissionEngine(cluster, new QuotaLedger(queues), placement, namespaces,
            settings ?? new AdmissionSettings(new Dictionary<string, int>(), PartitionLock: false, RerunCompletedPartitions: false));
    }

    public static ClusterState BigCluster() => new([GpuNode("n0", 64), GpuNode("n1", 64)]);

    private static long Milli(double gpus) => (long)(gpus * GpuDevice.MilliCapacity);
}
