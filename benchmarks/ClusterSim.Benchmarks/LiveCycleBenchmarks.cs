using System.Globalization;
using BenchmarkDotNet.Attributes;
using ClusterSim.Core;
using ClusterSim.Live;
using ClusterSim.Scenarios;
using k8s.Models;

namespace ClusterSim.Benchmarks;

/// <summary>
/// One live-mode admission cycle on a large cluster of 1,000 nodes with 8 GPUs each. It books
/// 4,000 running one-GPU Jobs again and decides for 2,000 waiting gangs (1 to 4 workers of 1 to 8
/// GPUs) with best fit, in two queues of one cohort.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LiveCycleBenchmarks
{
    private const int NodeCount = 1_000;
    private const string Config = """
        name: bench
        placement: bestfit
        queues:
          clusterQueues:
            - name: production
              cohort: all
              quotas:
                - flavor: A100
                  nominal: 5000
            - name: research
              cohort: all
              quotas:
                - flavor: A100
                  nominal: 3000
          localQueues:
            - namespace: prod
              clusterQueue: production
            - namespace: research
              clusterQueue: research
        """;

    private readonly DateTime now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private LivePolicy policy = null!;
    private List<LiveNode> nodes = null!;
    private List<LiveJob> jobs = null!;

    [GlobalSetup]
    public void Setup()
    {
        policy = new LivePolicy(ScenarioLoader.Load("bench.yaml", Config, ScenarioUse.Live), "bench.yaml");
        nodes = [.. Enumerable.Range(0, NodeCount).Select(i => new LiveNode(new NodeSpec($"node-{i:D4}", 96_000, 1_048_576, 8, "A100"), 0))];
        var random = new Random(1);
        jobs = [];

        // Running Jobs fill each node with GPUs to spare: 4 per node, 1 GPU each.
        for (var i = 0; i < 4 * NodeCount; i++)
        {
            jobs.Add(LiveJob.Read(Job($"run-{i}", i % 2 == 0 ? "prod" : "research", 1, 1, admittedOn: $"node-{i / 4:D4}"), ClusterInventory.DefaultGpuModelLabel));
        }

        for (var i = 0; i < 2_000; i++)
        {
            var gpus = random.Next(1, 9);
            jobs.Add(LiveJob.Read(Job($"wait-{i}", i % 3 == 0 ? "research" : "prod", gpus, random.Next(1, 5), admittedOn: null), ClusterInventory.DefaultGpuModelLabel));
        }
    }

    [Benchmark(Description = "One live admission cycle: 1,000 nodes, 4,000 running and 2,000 waiting Jobs")]
    public int Cycle() => policy.Decide(nodes, jobs, now).Decisions.Count;

    private V1Job Job(string name, string ns, int gpus, int workers, string? admittedOn)
    {
        var annotations = new Dictionary<string, string> { [LiveJob.DurationAnnotation] = "2h" };
        if (admittedOn is not null)
        {
            annotations[JobActions.DecisionAnnotation] = "admitted";
            annotations[JobActions.NodesAnnotation] = string.Join(',', Enumerable.Repeat(admittedOn, workers));
        }

        return new V1Job
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                CreationTimestamp = now.AddMinutes(-30),
                Labels = new Dictionary<string, string> { [JobActions.QueueLabel] = ns == "prod" ? "production" : "research" },
                Annotations = annotations,
            },
            Spec = new V1JobSpec
            {
                Suspend = admittedOn is null,
                Parallelism = workers,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "worker",
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity>
                                    {
                                        ["nvidia.com/gpu"] = new(gpus.ToString(CultureInfo.InvariantCulture)),
                                        ["cpu"] = new("4"),
                                        ["memory"] = new("16Gi"),
                                    },
                                },
                            },
                        ],
                    },
                },
            },
        };
    }
}
