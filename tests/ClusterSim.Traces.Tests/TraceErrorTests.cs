namespace ClusterSim.Traces.Tests;

public class TraceErrorTests
{
    [Fact]
    public void ToString_NamesLineColumnAndValue()
    {
        var error = new TraceError("nodes.csv", 3, "cpu_milli", "x", "is not a whole number");

        Assert.Equal("nodes.csv:3: column 'cpu_milli', value 'x': is not a whole number", error.ToString());
    }

    [Fact]
    public void ToString_OmitsLineZero()
    {
        var error = new TraceError("nodes.csv", 0, string.Empty, string.Empty, "file not found");

        Assert.Equal("nodes.csv: file not found", error.ToString());
    }

    [Fact]
    public void ToString_RowErrorHasNoColumn()
    {
        var error = new TraceError("nodes.csv", 6, string.Empty, string.Empty, "the row has 3 fields");

        Assert.Equal("nodes.csv:6: the row has 3 fields", error.ToString());
    }
}
