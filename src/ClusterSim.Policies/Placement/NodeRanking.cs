namespace ClusterSim.Policies;

/// <summary>
/// A fixed order of the nodes that breaks score ties: among nodes with the highest score the
/// one with the smallest rank wins.
/// </summary>
public sealed class NodeRanking
{
    private readonly int[] rankByNode;

    /// <param name="rankByNode">Rank of each node, indexed like the cluster's nodes; a permutation of 0..n-1.</param>
    public NodeRanking(int[] rankByNode)
    {
        var seen = new bool[rankByNode.Length];
        foreach (var rank in rankByNode)
        {
            if (rank < 0 || rank >= rankByNode.Length || seen[rank])
            {
                throw new ArgumentException("A node ranking must be a permutation of 0..n-1.", nameof(rankByNode));
            }

            seen[rank] = true;
        }

        this.rankByNode = rankByNode;
    }

    /// <summary>The ranking in which node i has rank i.</summary>
    public static NodeRanking Identity(int nodeCount) => new([.. Enumerable.Range(0, nodeCount)]);

    public int RankOf(int nodeIndex) => rankByNode[nodeIndex];
}
