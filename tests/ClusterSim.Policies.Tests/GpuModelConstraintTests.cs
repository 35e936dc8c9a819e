using ClusterSim.Core;

namespace ClusterSim.Policies.Tests;

/// <summary>The access rule between a pod's '|' separated model list and a node's GPU model.</summary>
public class GpuModelConstraintTests
{
    private static bool Accepts(string podModels, string nodeModel) =>
        new PodSpec("p", 0, 0, 1, 500, podModels).AcceptsModel(nodeModel);

    [Fact]
    public void Accepts_EmptyConstraintAcceptsAnyNode()
    {
        Assert.True(Accepts("", "T4"));
        Assert.True(Accepts("", ""));
    }

    [Fact]
    public void Accepts_NodeWithoutModelRejected()
    {
        Assert.False(Accepts("T4", ""));
    }

    [Fact]
    public void Accepts_OnlyEmptyPartsNeedNodeModel()
    {
        // The constraint "|" is not empty, so a node without a model label is rejected
        // before the list is split.
        Assert.False(Accepts("|", ""));
    }

    [Fact]
    public void Accepts_OnlyEmptyPartsAcceptLabelledNode()
    {
        // Once split, "|" has no non-empty part left, and that accepts every labelled node.
        Assert.True(Accepts("|", "T4"));
    }

    [Fact]
    public void Accepts_ExactMatch()
    {
        Assert.True(Accepts("T4", "T4"));
    }

    [Fact]
    public void Accepts_MatchIsCaseSensitive()
    {
        Assert.False(Accepts("t4", "T4"));
    }

    [Fact]
    public void Accepts_NoPrefixMatch()
    {
        Assert.False(Accepts("V100", "V100M32"));
    }

    [Fact]
    public void Accepts_AnyListedModel()
    {
        Assert.True(Accepts("V100|T4", "T4"));
        Assert.True(Accepts("V100|T4", "V100"));
        Assert.False(Accepts("V100|T4", "P100"));
    }

    [Fact]
    public void Accepts_SkipsEmptyParts()
    {
        Assert.True(Accepts("|T4|", "T4"));
        Assert.True(Accepts("V100||T4", "T4"));
        Assert.False(Accepts("|T4", "V100"));
    }

    [Fact]
    public void Split_DropsEmptyParts()
    {
        Assert.Equal(["V100", "T4"], GpuModelConstraint.Split("|V100||T4|"));
        Assert.Empty(GpuModelConstraint.Split(""));
    }
}
