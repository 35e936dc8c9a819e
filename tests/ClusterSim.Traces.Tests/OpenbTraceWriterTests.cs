using ClusterSim.Core;
using ClusterSim.Traces.Openb;

namespace ClusterSim.Traces.Tests;

public class OpenbTraceWriterTests
{
    private static readonly NodeSpec[] Nodes =
    [
        new("openb-node-0001", 64_000, 262_144, 2, "P100"),
        new("cpu-node", 32_000, 131_072, 0, string.Empty),
        new("node, \"quoted\"", 96_000, 786_432, 8, "G2"),
    ];

    private static readonly PodSpec[] Pods =
    [
        new("cpu-pod", 12_500, 16_384, 0, 0, string.Empty),
        new("share-pod", 3_152, 8_192, 1, 810, string.Empty),
        new("v100-pod", 11_300, 32_768, 1, 1_000, "V100M16|V100M32"),
        new("eight-gpu-pod", 88_000, 262_144, 8, 1_000, string.Empty),
    ];

    private static string[] LinesOf(string text) => text.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);

    private static string WriteNodes(IEnumerable<NodeSpec> nodes)
    {
        using var writer = new StringWriter();
        OpenbTraceWriter.WriteNodes(writer, nodes);
        return writer.ToString();
    }

    private static string WritePods(IEnumerable<PodSpec> pods)
    {
        using var writer = new StringWriter();
        OpenbTraceWriter.WritePods(writer, pods);
        return writer.ToString();
    }

    private static (string Name, long Cpu, long Memory, int Gpus, int Milli, string Models) Fields(PodSpec pod) =>
        (pod.Name, pod.CpuMilli, pod.MemoryMib, pod.GpuCount, pod.GpuMilli, pod.GpuModels);

    [Fact]
    public void WriteNodes_WritesHeaderAndRows()
    {
        var lines = LinesOf(WriteNodes(Nodes.Take(2)));

        Assert.Equal(["sn,cpu_milli,memory_mib,gpu,model", "openb-node-0001,64000,262144,2,P100", "cpu-node,32000,131072,0,"], lines);
    }

    [Fact]
    public void WritePods_WritesHeaderAndRows()
    {
        var lines = LinesOf(WritePods(Pods.Take(3)));

        Assert.Equal(
            ["name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec", "cpu-pod,12500,16384,0,0,", "share-pod,3152,8192,1,810,", "v100-pod,11300,32768,1,1000,V100M16|V100M32"],
            lines);
    }

    [Fact]
    public void RoundTrip_NodesReadBackEqual()
    {
        var nodes = OpenbNodeReader.Read("nodes.csv", new StringReader(WriteNodes(Nodes)));

        Assert.Equal(Nodes, nodes);
    }

    [Fact]
    public void RoundTrip_PodsReadBackFields()
    {
        var pods = OpenbPodReader.Read("pods.csv", new StringReader(WritePods(Pods)));

        Assert.Equal(Pods.Select(Fields), pods.Select(Fields));
    }

    [Fact]
    public void RoundTrip_PodsReadBackEqual()
    {
        // Records with the same values must compare equal, including pods with a model list.
        var pods = OpenbPodReader.Read("pods.csv", new StringReader(WritePods(Pods)));

        Assert.Equal(Pods, pods);
    }

    [Fact]
    public void RoundTrip_SyntheticTraceReadsBack()
    {
        var nodes = OpenbSyntheticGenerator.Nodes(20);
        var pods = OpenbSyntheticGenerator.Pods(nodes, 1.3, seed: 4);

        var nodesRead = OpenbNodeReader.Read("nodes.csv", new StringReader(WriteNodes(nodes)));
        var podsRead = OpenbPodReader.Read("pods.csv", new StringReader(WritePods(pods)));

        Assert.Equal(nodes, nodesRead);
        Assert.Equal(pods.Select(Fields), podsRead.Select(Fields));
    }
}
