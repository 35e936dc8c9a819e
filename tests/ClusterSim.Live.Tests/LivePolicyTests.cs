using ClusterSim.Core;
using ClusterSim.Scenarios;
using k8s.Models;

namespace ClusterSim.Live.Tests;

/// <summary>One admission cycle on a given cluster state, without an API server.</summary>
public sealed class LivePolicyTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>One ClusterQueue of 16 A100 GPUs serving namespace ml, with preemption by priority and the partition lock.</summary>
    internal const string Config = """
        name: unit
        placement: bestfit
        queues:
          clusterQueues:
            - name: training
              quotas:
                - flavor: A100
                  nominal: 16
              preemption:
                withinClusterQueue: LowerPriority
          localQueues:
            - namespace: ml
              clusterQueue: training
        admission:
          partitionLock: true
        """;

    private static readonly LivePolicy Policy = new(ScenarioLoader.Load("live.yaml", Config, ScenarioUse.Live), "live.yaml");

    private static readonly IReadOnlyList<LiveNode> Nodes =
    [
        new(new NodeSpec("node-a", 32_000, 262_144, 8, "A100"), 0),
        new(new NodeSpec("node-b", 32_000, 262_144, 8, "A100"), 0),
    ];

    internal static V1Job Job(string name, int gpus, int workers = 1, string ns = "ml", Dictionary<string, string>? annotations = null, bool suspended = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            CreationTimestamp = Now.AddMinutes(-60),
            Labels = new Dictionary<string, string> { [JobActions.QueueLabel] = "training" },
            Annotations = annotations ?? [],
        },
        Spec = new V1JobSpec
        {
            Suspend = suspended,
            Parallelism = workers,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "main",
                            Resources = new V1ResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new($"{gpus}"), ["cpu"] = new("2"), ["memory"] = new("8Gi") },
                            },
                        },
                    ],
                },
            },
        },
    };

    private static LiveJob Read(V1Job job) => LiveJob.Read(job, ClusterInventory.DefaultGpuModelLabel);

    private static V1Job Admitted(V1Job job, string nodes)
    {
        job.Spec.Suspend = false;
        job.Metadata.Annotations[JobActions.DecisionAnnotation] = "admitted";
        job.Metadata.Annotations[JobActions.NodesAnnotation] = nodes;
        return job;
    }

    [Fact]
    public void Read_TakesWorkersFromTemplateAndAnnotations()
    {
        var job = Read(Job("train", 4, workers: 3, annotations: new()
        {
            [LiveJob.DurationAnnotation] = "1h30m",
            [LiveJob.PriorityAnnotation] = "-5",
            [LiveJob.KindAnnotation] = "backfill",
            [LiveJob.PartitionAnnotation] = "2026-02-01",
            [LiveJob.PipelineAnnotation] = "ranker",
        }));

        Assert.Null(job.Problem);
        Assert.Equal("ml/train", job.Spec.Id);
        Assert.Equal(3, job.Spec.Workers);
        Assert.Equal(new PodSpec("ml/train", 2000, 8192, 4, 1000, string.Empty), job.Spec.Worker);
        Assert.Equal(TimeSpan.FromMinutes(90), job.Spec.Duration);
        Assert.Equal(-5, job.Spec.Priority);
        Assert.Equal(ClusterSim.Core.Workloads.JobKind.Backfill, job.Spec.Kind);
        Assert.Equal(("ranker", "2026-02-01"), (job.Spec.Pipeline, job.Spec.Partition));
        Assert.Equal(LiveJobState.Waiting, job.State);
        Assert.Equal(Now.AddMinutes(-60), job.QueueTime);
    }

    [Fact]
    public void Read_BadAnnotations_HeldAsInvalid()
    {
        var job = Read(Job("train", 1, annotations: new() { [LiveJob.DurationAnnotation] = "ten minutes", [LiveJob.PriorityAnnotation] = "high" }));

        Assert.Equal(
            "annotation clustersim.io/duration is 'ten minutes'; write a duration such as 90s, 45m or 2h30m; annotation clustersim.io/priority is 'high'; write a whole number",
            job.Problem);
        var decision = Assert.Single(Policy.Decide(Nodes, [job], Now).Decisions);
        Assert.Equal((LiveAction.Hold, LivePolicy.InvalidReason), (decision.Action, decision.Reason));
    }

    [Fact]
    public void Read_States()
    {
        Assert.Equal(LiveJobState.Running, Read(Admitted(Job("a", 1), "node-a")).State);
        Assert.Equal(LiveJobState.Unadmitted, Read(Job("b", 1, suspended: false)).State);
        var done = Admitted(Job("c", 1), "node-a");
        done.Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
        Assert.Equal(LiveJobState.Succeeded, Read(done).State);
    }

    [Fact]
    public void Decide_BooksRunningJobsOnTheirNodes()
    {
        // An 8-GPU job runs on node-a, so a new 8-GPU job can only go to node-b, and a third waits.
        var jobs = new[]
        {
            Read(Admitted(Job("running", 8), "node-a")),
            Read(Job("next", 8)),
            Read(Job("last", 8, annotations: new() { [LiveJob.OrderAnnotation] = "1" })),
        };

        var plan = Policy.Decide(Nodes, jobs, Now);

        Assert.Equal((1, 2), (plan.Running, plan.Waiting));
        Assert.Collection(plan.Decisions,
            d => Assert.Equal((LiveAction.Admit, "ml/next", "node-b"), (d.Action, d.Job.Key, string.Join(',', d.Nodes))),
            d => Assert.Equal((LiveAction.Hold, "ml/last", "quota_exhausted"), (d.Action, d.Job.Key, d.Reason)));
    }

    [Fact]
    public void Decide_GangGetsOneNodePerWorker()
    {
        var decision = Assert.Single(Policy.Decide(Nodes, [Read(Job("gang", 6, workers: 2))], Now).Decisions);

        Assert.Equal(["node-a", "node-b"], decision.Nodes);
    }

    [Fact]
    public void Decide_ForeignPodsShrinkTheNodes()
    {
        // Other workloads use 4 GPUs on node-a; best fit puts a 4-GPU worker in the rest.
        IReadOnlyList<LiveNode> nodes = [Nodes[0] with { GpusInUse = 4 }, Nodes[1]];

        var decision = Assert.Single(Policy.Decide(nodes, [Read(Job("small", 4))], Now).Decisions);

        Assert.Equal(["node-a"], decision.Nodes);
    }

    [Fact]
    public void Decide_UnservedNamespaceAndWrongLabel_AreInadmissible()
    {
        var other = Read(Job("elsewhere", 1, ns: "web"));
        var relabelled = Job("relabelled", 1);
        relabelled.Metadata.Labels[JobActions.QueueLabel] = "research";

        var plan = Policy.Decide(Nodes, [other, Read(relabelled)], Now);

        Assert.Equal(
            ["the clustersim.io/queue label names ClusterQueue 'research', but namespace ml is served by 'training'; relabel the Job",
             "namespace web has no LocalQueue in live.yaml; add it under queues.localQueues"],
            plan.Decisions.Select(d => d.Detail));
        Assert.All(plan.Decisions, d => Assert.Equal(LivePolicy.InadmissibleReason, d.Reason));
    }

    [Fact]
    public void Decide_HigherPriorityPreemptsLowerInItsQueue()
    {
        var low = Read(Admitted(Job("low", 8, workers: 2), "node-a,node-b"));
        var high = Read(Job("high", 8, annotations: new() { [LiveJob.PriorityAnnotation] = "10" }));

        var plan = Policy.Decide(Nodes, [low, high], Now);

        Assert.Contains(plan.Decisions, d => d.Action == LiveAction.Hold && d.Job.Key == "ml/high" && d.Reason == "preempting");
        var preempt = Assert.Single(plan.Decisions, d => d.Action == LiveAction.Preempt);
        Assert.Equal(("ml/low", "evicted for ml/high, which has a higher priority"), (preempt.Job.Key, preempt.Detail));
    }

    [Fact]
    public void Decide_CompletedPartitionIsSkippedUnderTheLock()
    {
        var annotations = new Dictionary<string, string>
        {
            [LiveJob.KindAnnotation] = "backfill",
            [LiveJob.PipelineAnnotation] = "ranker",
            [LiveJob.PartitionAnnotation] = "2026-02-01",
        };
        var done = Admitted(Job("first", 1, annotations: new(annotations)), "node-a");
        done.Status = new V1JobStatus { Succeeded = 1 };

        var plan = Policy.Decide(Nodes, [Read(done), Read(Job("rerun", 1, annotations: new(annotations)))], Now);

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(("ml/rerun", LivePolicy.PartitionCompletedReason), (decision.Job.Key, decision.Reason));
        Assert.Equal(1, plan.Finished);
    }

    [Theory]
    [InlineData("demo-2", "demo-2")]
    [InlineData("ranker/2026-02-01", "ranker-2026-02-01-")]
    [InlineData("Train_A", "train-a-")]
    public void NameFor_GivesValidDistinctNames(string id, string prefix)
    {
        var name = JobSubmitter.NameFor(id);

        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", name);
        Assert.Equal(id == prefix ? id.Length : prefix.Length + 8, name.Length);
    }

    [Fact]
    public void NameFor_LongIdsStayWithin63Characters() =>
        Assert.Equal(63, JobSubmitter.NameFor(new string('x', 100)).Length);
}
