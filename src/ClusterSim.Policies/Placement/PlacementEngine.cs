using System.Text;
using ClusterSim.Core;

namespace ClusterSim.Policies;

/// <summary>
/// One scheduling cycle for one pod: filter every node, then let the policy choose among the
/// feasible ones (a single feasible node is taken without scoring), then pick GPU devices.
/// The engine decides only; the caller applies the placement to the cluster.
/// </summary>
public sealed class PlacementEngine
{
    private readonly int[] outcomeCounts = new int[Enum.GetValues<FilterOutcome>().Length];
    private int[] feasible = new int[64];

    public PlacementEngine(IPlacementPolicy policy, NodeRanking ranking)
    {
        Policy = policy;
        Ranking = ranking;
    }

    public IPlacementPolicy Policy { get; }

    public NodeRanking Ranking { get; }

    public PlacementDecision Decide(ClusterState cluster, PodSpec pod)
    {
        var nodes = cluster.NodeArray;
        if (feasible.Length < nodes.Length)
        {
            feasible = new int[nodes.Length];
        }

        Array.Clear(outcomeCounts);
        var feasibleCount = 0;
        var filter = NodeFilter.For(pod);
        for (var i = 0; i < nodes.Length; i++)
        {
            var outcome = filter.Check(nodes[i]);
            outcomeCounts[(int)outcome]++;
            if (outcome == FilterOutcome.Fits)
            {
                feasible[feasibleCount++] = i;
            }
        }

        if (feasibleCount == 0)
        {
            return PlacementDecision.Unschedulable(DescribeNoFit(nodes.Length));
        }

        int chosen;
        if (feasibleCount == 1)
        {
            chosen = feasible[0];
        }
        else
        {
            var choice = Policy.ChooseNode(feasible.AsSpan(0, feasibleCount), cluster, pod, Ranking);
            if (!choice.Succeeded)
            {
                return PlacementDecision.Unschedulable(choice.Error!);
            }

            chosen = choice.NodeIndex;
        }

        var devices = Policy.SelectDevices(nodes[chosen], pod);
        return PlacementDecision.Placed(new Placement(chosen, devices));
    }

    /// <summary>Builds a reason such as "0/1213 nodes fit: 900 insufficient GPU, 313 insufficient CPU".</summary>
    private string DescribeNoFit(int nodeCount)
    {
        var text = new StringBuilder().Append("0/").Append(nodeCount).Append(" nodes fit");
        var separator = ": ";

        // The most common reason comes first; equal counts keep the order of the checks.
        var outcomes = Enum.GetValues<FilterOutcome>()
            .Where(o => o != FilterOutcome.Fits && outcomeCounts[(int)o] > 0)
            .OrderByDescending(o => outcomeCounts[(int)o]);
        foreach (var outcome in outcomes)
        {
            var count = outcomeCounts[(int)outcome];

            text.Append(separator).Append(count).Append(' ').Append(Describe(outcome));
            separator = ", ";
        }

        return text.ToString();
    }

    private static string Describe(FilterOutcome outcome) => outcome switch
    {
        FilterOutcome.Unschedulable => "unschedulable (down, in maintenance or quarantined)",
        FilterOutcome.InsufficientCpu => "insufficient CPU",
        FilterOutcome.InsufficientMemory => "insufficient memory",
        FilterOutcome.TooManyPods => "too many pods",
        FilterOutcome.NoGpu => "no GPU",
        FilterOutcome.GpuModelMismatch => "GPU model not allowed",
        FilterOutcome.InsufficientGpu => "insufficient GPU",
        _ => outcome.ToString(),
    };
}
