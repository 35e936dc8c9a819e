namespace ClusterSim.Traces.Tests;

public class TraceFormatExceptionTests
{
    [Fact]
    public void Message_SingleErrorIsItsText()
    {
        var error = new TraceError("pods.csv", 2, "name", string.Empty, "is empty");

        Assert.Equal(error.ToString(), new TraceFormatException([error]).Message);
    }

    [Fact]
    public void Message_ListsEveryError()
    {
        TraceError[] errors =
        [
            new("pods.csv", 2, "name", string.Empty, "is empty"),
            new("pods.csv", 5, "num_gpu", "x", "is not a whole number"),
            new("pods.csv", 9, string.Empty, string.Empty, "has 3 fields"),
        ];

        var message = new TraceFormatException(errors).Message;

        Assert.Equal(
            string.Join(Environment.NewLine, ["3 problems in trace input:", .. errors.Select(e => e.ToString())]),
            message);
    }
}
