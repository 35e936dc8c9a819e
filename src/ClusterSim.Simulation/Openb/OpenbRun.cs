using ClusterSim.Core;
using ClusterSim.Policies;
using ClusterSim.Simulation.Kernel;

namespace ClusterSim.Simulation.Openb;

/// <summary>
/// One run of the openb placement study: pods arrive one at a time on an empty cluster, each
/// is placed by the policy or fails for good, and pods never leave. After every submission the
/// run samples allocation and fragmentation.
/// </summary>
public static class OpenbRun
{
    private const int ArrivalKind = 0;

    /// <summary>Virtual time between two submissions; the study has no clock, only an order.</summary>
    private static readonly TimeSpan ArrivalSpacing = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="policyName"/> over <paramref name="workload"/>. <paramref name="placementRandom"/>
    /// feeds the policies that draw random numbers while placing.
    /// </summary>
    public static OpenbRunResult Run(OpenbWorkload workload, string policyName, Random placementRandom, IProgress<int>? progress = null)
    {
        var cluster = new ClusterState(workload.Nodes);
        var policy = PlacementPolicyFactory.Create(policyName, placementRandom, workload.Target, ScoreScale.For(workload.Nodes));
        var engine = new PlacementEngine(policy, new NodeRanking([.. workload.RankByNode]));
        var fragmentation = new ClusterFragmentation(cluster, new FragmentationMeasure(workload.Target));

        var samples = new List<EventSample>(workload.Submissions.Count);
        var failed = new List<FailedPod>();
        var loop = new EventLoop<int>();
        long arrivedMilli = 0;
        if (workload.Submissions.Count > 0)
        {
            loop.Schedule(TimeSpan.Zero, ArrivalKind, 0);
        }

        loop.Run(index =>
        {
            var pod = workload.Submissions[index];
            arrivedMilli += pod.TotalGpuMilli;
            var decision = engine.Decide(cluster, pod);
            if (decision.Placement is { } placement)
            {
                cluster.Assign(pod, placement);
                fragmentation.Refresh(placement.NodeIndex);
            }
            else
            {
                failed.Add(new FailedPod(pod, decision.Reason!));
            }

            samples.Add(new EventSample(arrivedMilli, cluster.AllocatedGpuMilli, fragmentation.Amount, fragmentation.Idle));
            if ((index + 1) % 1000 == 0)
            {
                progress?.Report(index + 1);
            }

            if (index + 1 < workload.Submissions.Count)
            {
                loop.ScheduleAfter(ArrivalSpacing, ArrivalKind, index + 1);
            }
        });

        progress?.Report(workload.Submissions.Count);
        return new OpenbRunResult(policy.Name, workload.Seed, cluster.TotalGpus, samples, failed, Allocation(cluster));
    }

    private static ClusterAllocation Allocation(ClusterState cluster)
    {
        long cpuUsed = 0, cpuTotal = 0, memoryUsed = 0, memoryTotal = 0, devicesUsed = 0;
        foreach (var node in cluster.Nodes)
        {
            cpuTotal += node.Spec.CpuMilli;
            cpuUsed += node.Spec.CpuMilli - node.CpuLeft;
            memoryTotal += node.Spec.MemoryMib;
            memoryUsed += node.Spec.MemoryMib - node.MemoryLeft;
            devicesUsed += node.GpuCount - node.FullyFreeGpus;
        }

        return new ClusterAllocation(
            Percent(cpuUsed, cpuTotal),
            Percent(memoryUsed, memoryTotal),
            Percent(devicesUsed, cluster.TotalGpus),
            Percent(cluster.AllocatedGpuMilli, cluster.TotalGpuMilli));
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
