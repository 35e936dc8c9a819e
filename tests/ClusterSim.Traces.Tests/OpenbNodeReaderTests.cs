using ClusterSim.Core;
using ClusterSim.Tests;
using ClusterSim.Traces.Openb;

namespace ClusterSim.Traces.Tests;

public class OpenbNodeReaderTests
{
    private const string FileName = "nodes.csv";
    private const string Header = "sn,cpu_milli,memory_mib,gpu,model";

    private static IReadOnlyList<NodeSpec> Read(string csv) => OpenbNodeReader.Read(FileName, new StringReader(csv));

    private static TraceFormatException ReadInvalid(string csv) =>
        Assert.Throws<TraceFormatException>(() => Read(csv));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void Read_MapsColumns()
    {
        var nodes = Read(Lines(Header, "openb-node-0001,64000,262144,2,P100", "openb-node-0002,96000,786432,8,G2"));

        Assert.Equal(
            [new NodeSpec("openb-node-0001", 64_000, 262_144, 2, "P100"), new NodeSpec("openb-node-0002", 96_000, 786_432, 8, "G2")],
            nodes);
    }

    [Fact]
    public void Read_FindsColumnsByName()
    {
        var nodes = Read(Lines("model,gpu,extra,sn,memory_mib,cpu_milli", "T4,2,ignored,node-1,131072,32000"));

        Assert.Equal([new NodeSpec("node-1", 32_000, 131_072, 2, "T4")], nodes);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("")]
    public void Read_NanOrEmptyModelIsNone(string model)
    {
        var node = Read(Lines(Header, $"cpu-node,32000,131072,0,{model}")).Single();

        Assert.Equal(string.Empty, node.GpuModel);
    }

    [Theory]
    [InlineData("4.0", 4)]
    [InlineData("0", 0)]
    public void Read_AcceptsWholeNumberForms(string gpu, int expected)
    {
        var node = Read(Lines(Header, $"node-1,32000,131072,{gpu},T4")).Single();

        Assert.Equal(expected, node.GpuCount);
    }

    [Fact]
    public void Read_MissingColumnReportsHeader()
    {
        var error = ReadInvalid(Lines("sn,cpu_milli,memory_mib,model", "node-1,32000,131072,T4"));

        Assert.Equal([(FileName, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("gpu", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingColumnsAllNamed()
    {
        var error = ReadInvalid(Lines("sn,cpu_milli", "node-1,32000"));

        Assert.Single(error.Errors);
        Assert.Contains("memory_mib, gpu, model", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFileReportsLine1()
    {
        var error = ReadInvalid(string.Empty);

        Assert.Equal([(FileName, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("empty", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnlyHasNoNodes()
    {
        var error = ReadInvalid(Lines(Header));

        Assert.Equal([(FileName, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("no nodes", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonNumericValue()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2,T4", "node-2,lots,131072,2,T4"));

        Assert.Equal([(FileName, 3, "cpu_milli", "lots")], TraceErrors.Locations(error));
        Assert.Contains("not a whole number", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FractionalValue()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2.5,T4"));

        Assert.Equal([(FileName, 2, "gpu", "2.5")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_NegativeValue()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,-5,2,T4"));

        Assert.Equal([(FileName, 2, "memory_mib", "-5")], TraceErrors.Locations(error));
        Assert.Contains("negative", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyGpus()
    {
        // 2,147,484 GPUs of 1000 milli each would overflow a 32-bit milli count.
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2147484,T4"));

        Assert.Equal([(FileName, 2, "gpu", "2147484")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_TooFewFields()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2"));

        Assert.Equal([(FileName, 2, "", "")], TraceErrors.Locations(error));
        Assert.Contains("4 fields but the header has 5", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyFields()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2,T4,extra"));

        Assert.Equal([(FileName, 2, "", "")], TraceErrors.Locations(error));
        Assert.Contains("6 fields but the header has 5", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyName()
    {
        var error = ReadInvalid(Lines(Header, ",32000,131072,2,T4"));

        Assert.Equal([(FileName, 2, "sn", "")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_DuplicateNameNamesFirstLine()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2,T4", "node-2,32000,131072,2,T4", "node-1,64000,262144,2,T4"));

        Assert.Equal([(FileName, 4, "sn", "node-1")], TraceErrors.Locations(error));
        Assert.Contains("line 2", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportsEveryBadRow()
    {
        var error = ReadInvalid(Lines(
            Header,
            "node-1,32000,131072,2,T4",
            "node-2,x,131072,2,T4",
            "node-3,32000,131072,2,T4",
            "node-4,32000,-1,2,T4",
            "node-5,32000,131072",
            "node-1,32000,131072,2,T4"));

        Assert.Equal(
            [(FileName, 3, "cpu_milli", "x"), (FileName, 5, "memory_mib", "-1"), (FileName, 6, "", ""), (FileName, 7, "sn", "node-1")],
            TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_ReportsEveryBadField()
    {
        var error = ReadInvalid(Lines(Header, ",abc,-2,1.5,T4"));

        Assert.Equal(
            [(FileName, 2, "sn", ""), (FileName, 2, "cpu_milli", "abc"), (FileName, 2, "memory_mib", "-2"), (FileName, 2, "gpu", "1.5")],
            TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_LineCountsBlankLines()
    {
        var error = ReadInvalid(Lines(Header, "node-1,32000,131072,2,T4", "", "node-2,x,131072,2,T4"));

        Assert.Equal([(FileName, 4, "cpu_milli", "x")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_LineCountsQuotedLineBreaks()
    {
        // The first row spans lines 2 and 3, so the bad row starts on line 4.
        var error = ReadInvalid(Lines(Header, "\"node\n1\",32000,131072,2,T4", "node-2,x,131072,2,T4"));

        Assert.Equal([(FileName, 4, "cpu_milli", "x")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_LineOfMultiLineRowIsItsStart()
    {
        var error = ReadInvalid(Lines(Header, "\"node\n1\",x,131072,2,T4"));

        Assert.Equal([(FileName, 2, "cpu_milli", "x")], TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadFile_MissingFileReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-{Guid.NewGuid():N}", "nodes.csv");

        var error = Assert.Throws<TraceFormatException>(() => OpenbNodeReader.ReadFile(path));

        Assert.Equal([(path, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("not found", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_ErrorsNameThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, Lines(Header, "node-1,x,131072,2,T4"));
        try
        {
            var error = Assert.Throws<TraceFormatException>(() => OpenbNodeReader.ReadFile(path));

            Assert.Equal([(path, 2, "cpu_milli", "x")], TraceErrors.Locations(error));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_GpuNodeTraceMatchesPublishedMix()
    {
        var nodes = OpenbNodeReader.ReadFile(TestTraces.Require("openb/openb_node_list_gpu_node.csv"));

        var mix = nodes.GroupBy(n => $"{n.GpuModel}x{n.GpuCount}").ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(1_213, nodes.Count);
        Assert.Equal(6_212, nodes.Sum(n => n.GpuCount));
        Assert.Equal(107_018_000, nodes.Sum(n => n.CpuMilli));
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["A10x1"] = 2,
                ["G2x8"] = 549,
                ["G3x8"] = 39,
                ["P100x1"] = 3,
                ["P100x2"] = 131,
                ["T4x2"] = 387,
                ["T4x4"] = 17,
                ["V100M16x1"] = 19,
                ["V100M16x4"] = 28,
                ["V100M16x8"] = 8,
                ["V100M32x4"] = 9,
                ["V100M32x8"] = 21,
            },
            mix);
    }

    [Fact]
    public void ReadFile_AllNodeTraceCount()
    {
        var nodes = OpenbNodeReader.ReadFile(TestTraces.Require("openb/openb_node_list_all_node.csv"));

        Assert.Equal(1_523, nodes.Count);
    }
}
