namespace ClusterSim.Cli.Tests;

public class SeedListTests
{
    [Fact]
    public void Parse_ExpandsRange()
    {
        Assert.Equal(Enumerable.Range(42, 10), SeedList.Parse("42-51"));
    }

    [Fact]
    public void Parse_MixesListsAndRanges()
    {
        Assert.Equal([1, 5, 9, 10, 11, 12], SeedList.Parse("1, 5,9-12"));
    }

    [Theory]
    [InlineData("5-1", "the range 5-1 ends before it starts")]
    [InlineData("a", "'a' is not a non-negative integer")]
    [InlineData("-3", "'-3' is not a non-negative integer")]
    [InlineData("1,,2", "'' is not a non-negative integer")]
    [InlineData("3,3", "a seed is listed twice")]
    [InlineData("0-20000", "more than 10000 seeds")]
    public void Parse_RejectsInvalidText(string text, string problem)
    {
        var error = Assert.Throws<UsageException>(() => SeedList.Parse(text));

        Assert.StartsWith($"Invalid --seeds '{text}': {problem}", error.Message, StringComparison.Ordinal);
    }
}
