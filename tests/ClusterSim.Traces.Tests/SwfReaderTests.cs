using System.IO.Compression;
using System.Text;
using ClusterSim.Tests;
using ClusterSim.Traces.Swf;

namespace ClusterSim.Traces.Tests;

public sealed class SwfReaderTests : IDisposable
{
    private const string FileName = "log.swf";

    /// <summary>
    /// A job line with every optional field unknown: job 1, submitted at 0, ran 1451 s on 128
    /// processors, user 1, group 1, as the first job of the NASA iPSC log.
    /// </summary>
    private static readonly string[] DefaultFields =
        ["1", "0", "-1", "1451", "128", "-1", "-1", "-1", "-1", "-1", "-1", "1", "1", "-1", "-1", "-1", "-1", "-1"];

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"clustersim-swf-{Guid.NewGuid():N}");

    public SwfReaderTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IReadOnlyList<SwfJob> Read(string text) => SwfReader.Read(FileName, new StringReader(text));

    private static TraceFormatException ReadInvalid(string text) =>
        Assert.Throws<TraceFormatException>(() => Read(text));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Formats a job line from <see cref="DefaultFields"/> with the given fields (0-based SWF field index) replaced.</summary>
    private static string JobLine(params (int Field, string Value)[] changes)
    {
        var fields = (string[])DefaultFields.Clone();
        foreach (var (field, value) in changes)
        {
            fields[field] = value;
        }

        return string.Join(" ", fields);
    }

    private string WriteGzip(string name, string text)
    {
        var path = Path.Combine(folder, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    [Fact]
    public void Read_MapsFields()
    {
        var job = Read(Lines("7 100 5 60 4 55 1024 8 120 2048 1 3 2 9 1 1 6 30")).Single();

        Assert.Equal(new SwfJob(7, 100, 5, 60, 4, 8, 120, 3, 1), job);
    }

    [Fact]
    public void Read_UnknownFieldsBecomeNull()
    {
        var job = Read(Lines(JobLine())).Single();

        Assert.Equal(new SwfJob(1, 0, null, 1451, 128, null, null, 1, null), job);
    }

    [Fact]
    public void Read_SkipsCommentsAndBlankLines()
    {
        var jobs = Read(Lines(
            "; Version: 2.2",
            ";",
            "",
            JobLine((0, "1")),
            "   ",
            "  ; indented comment",
            JobLine((0, "2"))));

        Assert.Equal([1L, 2L], jobs.Select(j => j.Id));
    }

    [Fact]
    public void Read_AcceptsTabsAndRunsOfSpaces()
    {
        var job = Read("  3\t10   -1 20\t\t2 -1 -1 -1 -1 -1 -1 1 1 -1 -1 -1 -1 -1\n").Single();

        Assert.Equal(new SwfJob(3, 10, null, 20, 2, null, null, 1, null), job);
    }

    [Fact]
    public void Read_LastLineWithoutNewline()
    {
        var jobs = Read(JobLine((0, "1")) + "\n" + JobLine((0, "2")));

        Assert.Equal([1L, 2L], jobs.Select(j => j.Id));
    }

    [Fact]
    public void Processors_PrefersAllocated()
    {
        var job = Read(Lines(JobLine((4, "4"), (7, "8")))).Single();

        Assert.Equal(4, job.Processors);
    }

    [Fact]
    public void Processors_FallsBackToRequested()
    {
        var job = Read(Lines(JobLine((4, "-1"), (7, "16")))).Single();

        Assert.Equal(16, job.Processors);
    }

    [Fact]
    public void Processors_NullWhenBothUnknown()
    {
        var job = Read(Lines(JobLine((4, "-1"), (7, "-1")))).Single();

        Assert.Null(job.Processors);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public void Read_WrongFieldCount(int count)
    {
        var line = string.Join(" ", Enumerable.Repeat("1", count));

        var error = ReadInvalid(Lines("; header", line));

        Assert.Equal([(FileName, 2, "", "")], TraceErrors.Locations(error));
        Assert.Contains($"has {count} fields", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "run time", "1451.5")]
    [InlineData(4, "allocated processors", "many")]
    [InlineData(11, "user", "u17")]
    [InlineData(17, "think time", "1e3")]
    public void Read_NonIntegerNamesField(int field, string name, string value)
    {
        var error = ReadInvalid(Lines(JobLine((field, value))));

        Assert.Equal([(FileName, 1, name, value)], TraceErrors.Locations(error));
        Assert.Contains("is not an integer of -1 (unknown) or more", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValueBelowMinusOne()
    {
        var error = ReadInvalid(Lines(JobLine((7, "-2"))));

        Assert.Equal([(FileName, 1, "requested processors", "-2")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_UnknownSubmitTime()
    {
        var error = ReadInvalid(Lines(JobLine((1, "-1"))));

        Assert.Equal([(FileName, 1, "submit time", "-1")], TraceErrors.Locations(error));
        Assert.Contains("every job needs a submit time", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OnlyComments()
    {
        var error = ReadInvalid(Lines("; Version: 2.2", "; MaxProcs: 128"));

        Assert.Equal([(FileName, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("contains no job lines", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportsEveryProblem()
    {
        var error = ReadInvalid(Lines(
            "; Version: 2.2",
            JobLine((0, "1")),
            JobLine((0, "2"), (3, "x"), (8, "-5")),
            "4 5 6",
            JobLine((0, "3"), (1, "-1")),
            JobLine((0, "4"))));

        Assert.Equal(
            [
                (FileName, 3, "run time", "x"),
                (FileName, 3, "requested time", "-5"),
                (FileName, 4, "", ""),
                (FileName, 5, "submit time", "-1"),
            ],
            TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadFile_PlainText()
    {
        var path = Path.Combine(folder, "log.swf");
        File.WriteAllText(path, Lines("; plain", JobLine((0, "5"))));

        var jobs = SwfReader.ReadFile(path);

        Assert.Equal([5L], jobs.Select(j => j.Id));
    }

    [Fact]
    public void ReadFile_Gzip()
    {
        var path = WriteGzip("log.swf.gz", Lines("; Version: 2.2", JobLine((0, "1")), JobLine((0, "2"), (4, "-1"), (7, "32"))));

        var jobs = SwfReader.ReadFile(path);

        Assert.Equal(
            [new SwfJob(1, 0, null, 1451, 128, null, null, 1, null), new SwfJob(2, 0, null, 1451, null, 32, null, 1, null)],
            jobs);
    }

    [Fact]
    public void ReadFile_GzipErrorNamesLine()
    {
        var path = WriteGzip("log.swf.gz", Lines("; Version: 2.2", JobLine((0, "1")), JobLine((0, "2"), (1, "-1"))));

        var error = Assert.Throws<TraceFormatException>(() => SwfReader.ReadFile(path));

        Assert.Equal([(path, 3, "submit time", "-1")], TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadFile_TextNamedGzip()
    {
        var path = Path.Combine(folder, "log.swf.gz");
        File.WriteAllText(path, Lines("; not compressed", JobLine()));

        var error = Assert.Throws<TraceFormatException>(() => SwfReader.ReadFile(path));

        Assert.Equal([(path, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("is not a valid gzip file", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_CorruptGzipBody()
    {
        // A valid gzip header (magic bytes, deflate, no flags) followed by bytes that are not deflate data.
        var path = Path.Combine(folder, "log.swf.gz");
        byte[] header = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff];
        File.WriteAllBytes(path, [.. header, .. Enumerable.Repeat((byte)0xff, 64)]);

        var error = Assert.Throws<TraceFormatException>(() => SwfReader.ReadFile(path));

        Assert.Equal([(path, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("is not a valid gzip file", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MissingFileReported()
    {
        var path = Path.Combine(folder, "missing.swf.gz");

        var error = Assert.Throws<TraceFormatException>(() => SwfReader.ReadFile(path));

        Assert.Equal([(path, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("not found", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_RealNasaLog()
    {
        var jobs = SwfReader.ReadFile(TestTraces.Require("pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz"));

        Assert.Equal(18_239, jobs.Count);
        Assert.Equal(1, jobs.Min(j => j.Id));
        Assert.Equal(42_264, jobs.Max(j => j.Id));
        Assert.Equal(7_948_936, jobs.Max(j => j.SubmitSeconds));
    }

    [Fact]
    public void ReadFile_RealNasaProcessors()
    {
        var jobs = SwfReader.ReadFile(TestTraces.Require("pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz"));

        var histogram = jobs.GroupBy(j => j.AllocatedProcessors).ToDictionary(g => g.Key ?? -1, g => g.Count());

        Assert.Equal(
            new Dictionary<long, int>
            {
                [1] = 4_935,
                [2] = 1_763,
                [4] = 2_683,
                [8] = 1_793,
                [16] = 1_780,
                [32] = 3_662,
                [64] = 1_203,
                [128] = 420,
            },
            histogram);
    }
}
