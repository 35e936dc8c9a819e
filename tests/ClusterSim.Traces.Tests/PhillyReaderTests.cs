using ClusterSim.Tests;
using ClusterSim.Traces.Philly;

namespace ClusterSim.Traces.Tests;

public class PhillyReaderTests
{
    private const string JobsFile = "philly.csv";
    private const string MachinesFile = "machines.csv";
    private const string VcFile = "vc.csv";

    /// <summary>The header of the job list, including gpu_time, which the reader ignores.</summary>
    private const string JobHeader = "timestamp,duration,num_gpus,gpu_time,cluster";

    /// <summary>The header of the official machine list, with a space after each comma.</summary>
    private const string OfficialHeader = "machineId, number of GPUs, single GPU mem";

    /// <summary>The header of the revised machine list, whose first column is an unnamed row index.</summary>
    private const string RevisedHeader = ",machineId,number of GPUs";

    private const string VcHeader = "vc,node num";

    private static IReadOnlyList<PhillyJob> ReadJobs(string csv) => PhillyReader.ReadJobs(JobsFile, new StringReader(csv));

    private static IReadOnlyList<(string Machine, int Gpus)> ReadMachines(string csv) =>
        PhillyReader.ReadMachines(MachinesFile, new StringReader(csv));

    private static IReadOnlyDictionary<string, int> ReadVcs(string csv) =>
        PhillyReader.ReadVirtualClusters(VcFile, new StringReader(csv));

    private static TraceFormatException ReadJobsInvalid(string csv) =>
        Assert.Throws<TraceFormatException>(() => ReadJobs(csv));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Formats one job row with gpu_time left at 0, because the reader does not check it.</summary>
    private static string Job(string timestamp, string duration, string gpus, string vc) => $"{timestamp},{duration},{gpus},0,{vc}";

    [Fact]
    public void ReadJobs_MapsColumns()
    {
        var jobs = ReadJobs(Lines(
            JobHeader,
            "2017-10-09 07:01:55,66.0,1,66.0,11cb48",
            "2017-12-22 08:02:11,2951.25,8,23610.0,6214e9"));

        Assert.Equal(
            [
                new PhillyJob(2, new DateTime(2017, 10, 9, 7, 1, 55), 66.0, 1, "11cb48"),
                new PhillyJob(3, new DateTime(2017, 12, 22, 8, 2, 11), 2951.25, 8, "6214e9"),
            ],
            jobs);
    }

    [Fact]
    public void ReadJobs_KeepsFractionalDuration()
    {
        var job = ReadJobs(Lines(JobHeader, Job("2017-10-09 07:01:55", "0.125", "1", "a"))).Single();

        Assert.Equal(0.125, job.DurationSeconds);
    }

    [Fact]
    public void ReadJobs_AcceptsZeroDurationAndGpus()
    {
        var job = ReadJobs(Lines(JobHeader, Job("2017-10-09 07:01:55", "0", "0", "a"))).Single();

        Assert.Equal((0.0, 0), (job.DurationSeconds, job.Gpus));
    }

    [Fact]
    public void ReadJobs_FindsColumnsByName()
    {
        var job = ReadJobs(Lines("cluster,num_gpus,timestamp,duration", "b436b2,4,2017-11-01 12:00:00,30.5")).Single();

        Assert.Equal(new PhillyJob(2, new DateTime(2017, 11, 1, 12, 0, 0), 30.5, 4, "b436b2"), job);
    }

    [Fact]
    public void ReadJobs_SkipsBlankLines()
    {
        var jobs = ReadJobs(JobHeader + "\n" + Job("2017-10-01 00:00:00", "1", "1", "a") + "\n\n" + Job("2017-10-02 00:00:00", "2", "2", "b") + "\n\n");

        Assert.Equal([2, 4], jobs.Select(j => j.Line));
    }

    [Fact]
    public void ReadJobs_LineCountsBlankLines()
    {
        var error = ReadJobsInvalid(JobHeader + "\n\n" + Job("2017-10-01 00:00:00", "x", "1", "a") + "\n");

        Assert.Equal([(JobsFile, 3, "duration", "x")], TraceErrors.Locations(error));
    }

    [Theory]
    [InlineData("2017-10-09T07:01:55")]
    [InlineData("2017-13-01 00:00:00")]
    [InlineData("2017-10-09")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void ReadJobs_BadTimestamp(string timestamp)
    {
        var error = ReadJobsInvalid(Lines(JobHeader, Job(timestamp, "60", "1", "a")));

        Assert.Equal([(JobsFile, 2, "timestamp", timestamp)], TraceErrors.Locations(error));
        Assert.Contains("YYYY-MM-DD HH:MM:SS", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("")]
    public void ReadJobs_BadDuration(string duration)
    {
        var error = ReadJobsInvalid(Lines(JobHeader, Job("2017-10-09 07:01:55", duration, "1", "a")));

        Assert.Equal([(JobsFile, 2, "duration", duration)], TraceErrors.Locations(error));
        Assert.Contains("non-negative number of seconds", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1", "is negative")]
    [InlineData("two", "not a whole number")]
    [InlineData("1.5", "not a whole number")]
    public void ReadJobs_BadGpuCount(string gpus, string problem)
    {
        var error = ReadJobsInvalid(Lines(JobHeader, Job("2017-10-09 07:01:55", "60", gpus, "a")));

        Assert.Equal([(JobsFile, 2, "num_gpus", gpus)], TraceErrors.Locations(error));
        Assert.Contains(problem, error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_EmptyCluster()
    {
        var error = ReadJobsInvalid(Lines(JobHeader, Job("2017-10-09 07:01:55", "60", "1", "")));

        Assert.Equal([(JobsFile, 2, "cluster", "")], TraceErrors.Locations(error));
        Assert.Contains("is empty", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_MissingColumn()
    {
        var error = ReadJobsInvalid(Lines("timestamp,duration,num_gpus,gpu_time", "2017-10-09 07:01:55,60,1,60"));

        Assert.Equal([(JobsFile, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("missing column(s) cluster", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_WrongFieldCount()
    {
        var error = ReadJobsInvalid(Lines(JobHeader, "2017-10-09 07:01:55,60,1,60"));

        Assert.Equal([(JobsFile, 2, "", "")], TraceErrors.Locations(error));
        Assert.Contains("4 fields but the header has 5", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_EmptyFile()
    {
        var error = ReadJobsInvalid(string.Empty);

        Assert.Equal([(JobsFile, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("the file is empty", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_HeaderOnly()
    {
        var error = ReadJobsInvalid(Lines(JobHeader));

        Assert.Equal([(JobsFile, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("contains no jobs", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_ReportsEveryProblem()
    {
        var error = ReadJobsInvalid(Lines(
            JobHeader,
            Job("2017-10-01 00:00:00", "60", "1", "a"),
            Job("2017-10-32 00:00:00", "60", "1", "a"),
            Job("2017-10-01 00:00:00", "-5", "1", "a"),
            Job("2017-10-01 00:00:00", "long", "1", "a"),
            Job("2017-10-01 00:00:00", "60", "-2", "a"),
            Job("2017-10-01 00:00:00", "60", "1", ""),
            "2017-10-01 00:00:00,60,1",
            Job("soon", "-1", "x", "")));

        Assert.Equal(
            [
                (JobsFile, 3, "timestamp", "2017-10-32 00:00:00"),
                (JobsFile, 4, "duration", "-5"),
                (JobsFile, 5, "duration", "long"),
                (JobsFile, 6, "num_gpus", "-2"),
                (JobsFile, 7, "cluster", ""),
                (JobsFile, 8, "", ""),
                (JobsFile, 9, "timestamp", "soon"),
                (JobsFile, 9, "duration", "-1"),
                (JobsFile, 9, "num_gpus", "x"),
                (JobsFile, 9, "cluster", ""),
            ],
            TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadJobs_MissingFileReported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-{Guid.NewGuid():N}", "philly.csv");

        var error = Assert.Throws<TraceFormatException>(() => PhillyReader.ReadJobs(path));

        Assert.Equal([(path, 0, "", "")], TraceErrors.Locations(error));
        Assert.Contains("not found", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMachines_OfficialLayout()
    {
        var machines = ReadMachines(Lines(OfficialHeader, "m0,2, 12GB", "m31,8, 24GB"));

        Assert.Equal([("m0", 2), ("m31", 8)], machines);
    }

    [Fact]
    public void ReadMachines_RevisedLayout()
    {
        var machines = ReadMachines(Lines(RevisedHeader, "0,m0,8", "1,m1,4", "2,m2,0"));

        Assert.Equal([("m0", 8), ("m1", 4), ("m2", 0)], machines);
    }

    [Fact]
    public void ReadMachines_Accepts64Gpus()
    {
        var machines = ReadMachines(Lines(RevisedHeader, "0,m0,64"));

        Assert.Equal([("m0", 64)], machines);
    }

    [Fact]
    public void ReadMachines_MoreThan64Gpus()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadMachines(Lines(OfficialHeader, "m0,2, 12GB", "m1,65, 24GB")));

        Assert.Equal([(MachinesFile, 3, "number of GPUs", "65")], TraceErrors.Locations(error));
        Assert.Contains("larger than 64", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMachines_DuplicateIdNamesFirstLine()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadMachines(Lines(RevisedHeader, "0,m0,8", "1,m1,8", "2,m0,4")));

        Assert.Equal([(MachinesFile, 4, "machineId", "m0")], TraceErrors.Locations(error));
        Assert.Contains("line 2", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMachines_ReportsEveryProblem()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadMachines(Lines(
            OfficialHeader,
            "m0,2, 12GB",
            ",2, 12GB",
            "m2,-1, 12GB",
            "m3,eight, 24GB",
            "m0,8, 24GB")));

        Assert.Equal(
            [
                (MachinesFile, 3, "machineId", ""),
                (MachinesFile, 4, "number of GPUs", "-1"),
                (MachinesFile, 5, "number of GPUs", "eight"),
                (MachinesFile, 6, "machineId", "m0"),
            ],
            TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadMachines_MissingColumn()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadMachines(Lines("machineId,gpus", "m0,8")));

        Assert.Equal([(MachinesFile, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("missing column(s) number of GPUs", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVirtualClusters_MapsRows()
    {
        var vcs = ReadVcs(Lines(VcHeader, "6214e9,64", "ed69ec,8", "empty,0"));

        Assert.Equal(new Dictionary<string, int> { ["6214e9"] = 64, ["ed69ec"] = 8, ["empty"] = 0 }, vcs);
    }

    [Fact]
    public void ReadVirtualClusters_DuplicateVc()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadVcs(Lines(VcHeader, "6214e9,64", "7f04ca,32", "6214e9,16")));

        Assert.Equal([(VcFile, 4, "vc", "6214e9")], TraceErrors.Locations(error));
        Assert.Contains("repeats an earlier virtual cluster", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVirtualClusters_BadNodeCount()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadVcs(Lines(VcHeader, "6214e9,-64", "7f04ca,many")));

        Assert.Equal([(VcFile, 2, "node num", "-64"), (VcFile, 3, "node num", "many")], TraceErrors.Locations(error));
    }

    [Fact]
    public void ReadVirtualClusters_MissingColumn()
    {
        var error = Assert.Throws<TraceFormatException>(() => ReadVcs(Lines("vc,nodes", "6214e9,64")));

        Assert.Equal([(VcFile, 1, "", "")], TraceErrors.Locations(error));
        Assert.Contains("missing column(s) node num", error.Errors[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJobs_RealTraceCounts()
    {
        var jobs = PhillyReader.ReadJobs(TestTraces.Require("philly-pollux-jobs/philly.csv"));

        Assert.Equal(82_247, jobs.Count);
        Assert.Equal(new DateTime(2017, 9, 4, 10, 30, 41), jobs.Min(j => j.Submitted));
        Assert.Equal(new DateTime(2017, 12, 22, 8, 2, 11), jobs.Max(j => j.Submitted));
        Assert.Equal(4_628_226.0, jobs.Max(j => j.DurationSeconds));
    }

    [Fact]
    public void ReadJobs_RealTraceGpuHistogram()
    {
        var jobs = PhillyReader.ReadJobs(TestTraces.Require("philly-pollux-jobs/philly.csv"));

        var histogram = jobs.GroupBy(j => j.Gpus).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(76_627, histogram[1]);
        Assert.Equal(
            new Dictionary<int, int>
            {
                [1] = 76_627,
                [2] = 1_818,
                [4] = 1_870,
                [8] = 1_643,
                [12] = 7,
                [16] = 199,
                [24] = 7,
                [32] = 67,
                [64] = 6,
                [128] = 3,
            },
            histogram);
    }

    [Fact]
    public void ReadJobs_RealTraceJobsPerVc()
    {
        var jobs = PhillyReader.ReadJobs(TestTraces.Require("philly-pollux-jobs/philly.csv"));

        var perVc = jobs.GroupBy(j => j.VirtualCluster).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(41_226, perVc["6214e9"]);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["6214e9"] = 41_226,
                ["11cb48"] = 16_091,
                ["6c71a0"] = 9_953,
                ["b436b2"] = 7_423,
                ["103959"] = 1_934,
                ["ee9e8c"] = 1_511,
                ["0e4a51"] = 1_435,
                ["ed69ec"] = 1_137,
                ["7f04ca"] = 723,
                ["2869ce"] = 422,
                ["e13805"] = 374,
                ["23dbec"] = 8,
                ["51b7ef"] = 4,
                ["925e2b"] = 3,
                ["795a4c"] = 3,
            },
            perVc);
    }

    [Fact]
    public void ReadMachines_RealRevisedList()
    {
        var machines = PhillyReader.ReadMachines(TestTraces.Require("philly-machine-list/revised_machine_list.csv"));

        Assert.Equal(552, machines.Count);
        Assert.Equal(3_205, machines.Sum(m => m.Gpus));
        Assert.Equal(
            new Dictionary<int, int> { [0] = 13, [2] = 3, [3] = 1, [4] = 271, [8] = 264 },
            machines.GroupBy(m => m.Gpus).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public void ReadMachines_RealOfficialList()
    {
        var machines = PhillyReader.ReadMachines(TestTraces.Require("philly-machine-list/cluster_machine_list"));

        Assert.Equal(552, machines.Count);
        Assert.Equal(2_490, machines.Sum(m => m.Gpus));
        Assert.Equal(
            new Dictionary<int, int> { [2] = 321, [8] = 231 },
            machines.GroupBy(m => m.Gpus).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public void ReadMachines_RealListsShareIds()
    {
        var revised = PhillyReader.ReadMachines(TestTraces.Require("philly-machine-list/revised_machine_list.csv"));
        var official = PhillyReader.ReadMachines(TestTraces.Require("philly-machine-list/cluster_machine_list"));

        Assert.Equal(official.Select(m => m.Machine).Order(StringComparer.Ordinal), revised.Select(m => m.Machine).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadVirtualClusters_RealTable()
    {
        var vcs = PhillyReader.ReadVirtualClusters(TestTraces.Require("philly-aggregates/philly_vc.csv"));

        Assert.Equal(11, vcs.Count);
        Assert.Equal(352, vcs.Values.Sum());
        Assert.Equal(64, vcs["6214e9"]);
        Assert.Equal(8, vcs["103959"]);
    }
}
