namespace ClusterSim.Policies.Tests;

public class NodeRankingTests
{
    [Fact]
    public void RankOf_ReturnsGivenRank()
    {
        var ranking = new NodeRanking([2, 0, 1]);

        Assert.Equal(2, ranking.RankOf(0));
        Assert.Equal(0, ranking.RankOf(1));
        Assert.Equal(1, ranking.RankOf(2));
    }

    [Fact]
    public void Identity_RankEqualsIndex()
    {
        var ranking = NodeRanking.Identity(3);

        Assert.Equal(0, ranking.RankOf(0));
        Assert.Equal(2, ranking.RankOf(2));
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1 })]
    [InlineData(new[] { 1, 2, 3 })]
    [InlineData(new[] { -1, 0, 1 })]
    public void Constructor_NonPermutationThrows(int[] rankByNode)
    {
        Assert.Throws<ArgumentException>(() => new NodeRanking(rankByNode));
    }
}
