using static ClusterSim.Policies.Tests.TestCluster;

namespace ClusterSim.Policies.Tests;

public class GpuDeviceSelectionTests
{
    [Fact]
    public void Packed_SharePodTakesTightestDevice()
    {
        var node = NodeWithGpuLeft(8000, "T4", 1000, 400, 700);

        Assert.Equal([1], GpuDeviceSelection.Packed(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Packed_TightestTieTakesLowestIndex()
    {
        var node = NodeWithGpuLeft(8000, "T4", 700, 400, 400);

        Assert.Equal([1], GpuDeviceSelection.Packed(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Packed_SkipsDevicesWithoutRoom()
    {
        var node = NodeWithGpuLeft(8000, "T4", 200, 1000, 250);

        Assert.Equal([1], GpuDeviceSelection.Packed(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Packed_WholeGpusTakeLowestFreeIndices()
    {
        var node = NodeWithGpuLeft(8000, "T4", 1000, 500, 1000, 1000);

        Assert.Equal([0, 2], GpuDeviceSelection.Packed(node, WholeGpuPod(1000, 2)));
    }

    [Fact]
    public void Packed_CpuPodGetsNoDevice()
    {
        var node = NodeWithGpuLeft(8000, "T4", 1000);

        Assert.Empty(GpuDeviceSelection.Packed(node, CpuPod(1000)));
    }

    [Fact]
    public void Packed_NoRoomThrows()
    {
        var node = NodeWithGpuLeft(8000, "T4", 200, 250);

        Assert.Throws<InvalidOperationException>(() => GpuDeviceSelection.Packed(node, SharePod(1000, 300)));
    }

    [Fact]
    public void Random_SharePodUniformOverDevicesWithRoom()
    {
        // Devices 0, 1 and 3 have room for 300 milli, but device 2 has only 200 free.
        var node = NodeWithGpuLeft(8000, "T4", 1000, 400, 200, 700);
        var pod = SharePod(1000, 300);
        var random = new Random(11);
        var counts = new int[4];

        for (var draw = 0; draw < 3000; draw++)
        {
            var devices = GpuDeviceSelection.Random(node, pod, random);
            Assert.Single(devices);
            counts[devices[0]]++;
        }

        // Each of the three devices expects 1000 draws with a standard deviation near 26.
        Assert.InRange(counts[0], 850, 1150);
        Assert.InRange(counts[1], 850, 1150);
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[3], 850, 1150);
    }

    [Fact]
    public void Random_WholeGpuPodIsPacked()
    {
        var node = NodeWithGpuLeft(8000, "T4", 400, 1000, 1000);

        Assert.Equal([1], GpuDeviceSelection.Random(node, WholeGpuPod(1000, 1), new Random(3)));
    }
}
