using ClusterSim.Core;
using ClusterSim.Tests;
using ClusterSim.Traces.Openb;

namespace ClusterSim.Traces.Tests;

public class OpenbPodReaderTests
{
    private const string FileName = "pods.csv";

    /// <summary>The header of the default openb pod list.</summary>
    private const string Header = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";

    /// <summary>The header of the multi-GPU variants, which have no gpu_spec column.</summary>
    private const string ShortHeader = "name,cpu_milli,memory_mib,num_gpu,gpu_milli";

    private static IReadOnlyList<PodSpec> Read(string csv) => OpenbPodReader.Read(FileName, new StringReader(csv));

    private static TraceFormatException ReadInvalid(string csv) =>
        Assert.Throws<TraceFormatException>(() => Read(csv));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Formats one row of the default format. The reader ignores the trailing metadata columns.</summary>
    private static string Row(string name, string cpu, string memory, string gpus, string milli, string spec = "") =>
        $"{name},{cpu},{memory},{gpus},{milli},{spec},LS,Running,0,100,0";

    private static (string Name, long Cpu, long Memory, int Gpus, int Milli, string Models) Fields(PodSpec pod) =>
        (pod.Name, pod.CpuMilli, pod.MemoryMib, pod.GpuCount, pod.GpuMilli, pod.GpuModels);

    [Fact]
    public void Read_MapsColumns()
    {
        var pod = Read(Lines(Header, Row("openb-pod-0001", "6000", "12288", "1", "460"))).Single();

        Assert.Equal(("openb-pod-0001", 6_000L, 12_288L, 1, 460, ""), Fields(pod));
    }

    [Fact]
    public void Read_NoGpuCountMeansNoGpu()
    {
        // num_gpu = 0 drops the GPU request whatever gpu_milli and gpu_spec contain.
        var pod = Read(Lines(Header, Row("cpu-pod", "2000", "4096", "0", "500", "T4"))).Single();

        Assert.Equal(("cpu-pod", 2_000L, 4_096L, 0, 0, ""), Fields(pod));
    }

    [Fact]
    public void Read_ClampsGpuMilliTo1000()
    {
        var pod = Read(Lines(Header, Row("big", "2000", "4096", "1", "1500"))).Single();

        Assert.Equal(1_000, pod.GpuMilli);
    }

    [Fact]
    public void Read_KeepsZeroGpuMilli()
    {
        // gpu_milli = 0 with num_gpu = 2 keeps the count with no milli, as the converter does.
        var pod = Read(Lines(Header, Row("zero", "2000", "4096", "2", "0"))).Single();

        Assert.Equal((2, 0), (pod.GpuCount, pod.GpuMilli));
    }

    [Theory]
    [InlineData("V100M16|V100M32", "V100M16|V100M32")]
    [InlineData("|V100M16||V100M32|", "V100M16|V100M32")]
    [InlineData("T4", "T4")]
    [InlineData("|", "")]
    [InlineData("", "")]
    public void Read_KeepsNonEmptySpecParts(string spec, string expected)
    {
        var pod = Read(Lines(Header, Row("pod", "2000", "4096", "1", "500", spec))).Single();

        Assert.Equal(expected, pod.GpuModels);
    }

    [Fact]
    public void Read_GpuSpecColumnIsOptional()
    {
        var pods = Read(Lines(ShortHeader, "pod-1,12000,16384,1,1000", "pod-2,88000,262144,8,1000"));

        Assert.Equal(
            [("pod-1", 12_000L, 16_384L, 1, 1_000, ""), ("pod-2", 88_000L, 262_144L, 8, 1_000, "")],
            pods.Select(Fields));
    }

    [Fact]
    public void Read_AcceptsZeroFraction()
    {
        var pod = Read(Lines(Header, Row("pod", "2000.0", "4096", "4.0", "1000.0"))).Single();

        Assert.Equal(("pod", 2_000L, 4_096L, 4, 1_000, ""), Fields(pod));
    }

    [Fact]
    public void Read_KeepsFileOrder()
    {
        var pods = Read(Lines(Header, Row("pod-b", "1", "1", "0", "0"), Row("pod-a", "1", "1", "0", "0")));

        Assert.Equal(["pod-b", "pod-a"], pods.Select(p => p.Name));
    }

    [Fact]
    public void Read_MissingColumnReportsHeader()
    {
        var error = ReadInvalid(Lines("name,cpu_milli,memory_mib,num_gpu", "pod,1000,1024,1"));

        Assert.Equal([(FileName, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("gpu_milli", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFileReportsLine1()
    {
        var error = ReadInvalid(string.Empty);

        Assert.Equal([(FileName, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("empty", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnlyHasNoPods()
    {
        var error = ReadInvalid(Lines(Header));

        Assert.Equal([(FileName, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("no pods", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonNumericValue()
    {
        var error = ReadInvalid(Lines(Header, Row("pod", "2000", "4096", "two", "1000")));

        Assert.Equal([(FileName, 2, "num_gpu", "two")], TraceErrors.Locations(error));
        Assert.Contains("not a whole number", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NegativeValue()
    {
        var error = ReadInvalid(Lines(Header, Row("pod", "2000", "4096", "1", "-100")));

        Assert.Equal([(FileName, 2, "gpu_milli", "-100")], TraceErrors.Locations(error));
        Assert.Contains("negative", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyGpus()
    {
        var error = ReadInvalid(Lines(Header, Row("pod", "2000", "4096", "1025", "1000")));

        Assert.Equal([(FileName, 2, "num_gpu", "1025")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_WrongFieldCount()
    {
        var error = ReadInvalid(Lines(ShortHeader, "pod,2000,4096,1"));

        Assert.Equal([(FileName, 2, "", "")], TraceErrors.Locations(error));
        Assert.Contains("4 fields but the header has 5", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyName()
    {
        var error = ReadInvalid(Lines(Header, Row("", "2000", "4096", "1", "1000")));

        Assert.Equal([(FileName, 2, "name", "")], TraceErrors.Locations(error));
    }

    [Fact]
    public void Read_DuplicateNameNamesFirstLine()
    {
        var error = ReadInvalid(Lines(Header, Row("pod-1", "1", "1", "0", "0"), Row("pod-2", "1", "1", "0", "0"), Row("pod-1", "2", "2", "0", "0")));

        Assert.Equal([(FileName, 4, "name", "pod-1")], TraceErrors.Locations(error));
        Assert.Contains("line 2", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportsEveryBadRow()
    {
        var error = ReadInvalid(Lines(
            ShortHeader,
            "pod-1,1000,1024,1,500",
            "pod-2,1000,1024,one,500",
            "pod-3,1000,-1024,1,500",
            "pod-4,1000,1024,1,500",
            ",1000,1024,1,500"));

        Assert.Equal(
            [(FileName, 3, "num_gpu", "one"), (FileName, 4, "memory_mib", "-1024"), (FileName, 6, "name", "")],
            TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadFile_MissingFileReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-{Guid.NewGuid():N}", "pods.csv");

        var error = Assert.Throws<TraceFormatException>(() => OpenbPodReader.ReadFile(path));

        Assert.Equal([(path, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("not found", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_DefaultTraceMatchesPublishedMix()
    {
        var pods = OpenbPodReader.ReadFile(TestTraces.Require("openb/openb_pod_list_default.csv"));

        var classes = pods.GroupBy(p => p.PodClass).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(8_152, pods.Count);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["PureCpu"] = 1_088,
                ["ShareGpu"] = 3_078,
                ["OneGpu"] = 3_911,
                ["2Gpu"] = 16,
                ["4Gpu"] = 15,
                ["8Gpu"] = 44,
            },
            classes);
        Assert.Equal(6_086_800, pods.Sum(p => p.TotalGpuMilli));
        Assert.Equal(85_436_012, pods.Sum(p => p.CpuMilli));
        Assert.All(pods, p => Assert.Equal(string.Empty, p.GpuModels));
    }

    [Fact]
    public void ReadFile_MultiGpuTraceWithoutSpec()
    {
        var pods = OpenbPodReader.ReadFile(TestTraces.Require("openb/openb_pod_list_multigpu20.csv"));

        Assert.NotEmpty(pods);
        Assert.All(pods, p => Assert.Equal(string.Empty, p.GpuModels));
    }
}
