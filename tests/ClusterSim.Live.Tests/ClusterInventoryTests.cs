using k8s.Models;

namespace ClusterSim.Live.Tests;

public class ClusterInventoryTests
{
    private static V1Node Node(string name, string gpus, bool ready = true, bool cordoned = false, string? model = "NVIDIA-A100-SXM4-80GB")
    {
        var labels = new Dictionary<string, string>();
        if (model is not null)
        {
            labels["nvidia.com/gpu.product"] = model;
        }

        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1NodeSpec { Unschedulable = cordoned },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new("95500m"),
                    ["memory"] = new("1Ti"),
                    ["nvidia.com/gpu"] = new(gpus),
                },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };
    }

    private static V1Pod Pod(string node, string phase, params string[] gpuRequests) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"pod-{node}-{phase}" },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = gpuRequests.Select((g, i) => new V1Container
            {
                Name = $"c{i}",
                Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new(g) } },
            }).ToList(),
        },
        Status = new V1PodStatus { Phase = phase },
    };

    [Fact]
    public void Build_ReadsAllocatable()
    {
        var inventory = ClusterInventory.Build([Node("gpu-a", "8")], []);

        var node = Assert.Single(inventory.Nodes);
        Assert.Equal(new Core.NodeSpec("gpu-a", 95_500, 1_048_576, 8, "NVIDIA-A100-SXM4-80GB"), node.Spec);
        Assert.Equal(8, node.GpusFree);
    }

    [Fact]
    public void Build_ExcludesCordonedAndNotReady()
    {
        var inventory = ClusterInventory.Build([Node("gpu-c", "8", cordoned: true), Node("gpu-n", "8", ready: false), Node("gpu-a", "8")], []);

        Assert.Equal(["gpu-a"], inventory.Nodes.Select(n => n.Spec.Name));
        Assert.Equal([new ExcludedNode("gpu-c", "cordoned"), new ExcludedNode("gpu-n", "not Ready")], inventory.Excluded);
    }

    [Fact]
    public void Build_EndedPods_FreeGpus()
    {
        var pods = new[] { Pod("gpu-a", "Running", "2", "1"), Pod("gpu-a", "Pending", "4"), Pod("gpu-a", "Succeeded", "8"), Pod("gpu-a", "Failed", "8") };

        var node = Assert.Single(ClusterInventory.Build([Node("gpu-a", "8")], pods).Nodes);

        Assert.Equal(7, node.GpusInUse);
        Assert.Equal(1, node.GpusFree);
    }

    [Fact]
    public void Build_LabelMissing_ModelUnknown()
    {
        var node = Assert.Single(ClusterInventory.Build([Node("gpu-a", "4", model: null)], []).Nodes);

        Assert.Equal(ClusterInventory.UnknownGpuModel, node.Spec.GpuModel);
    }

    [Fact]
    public void Build_OtherLabel_ReadsModelFromIt()
    {
        var node = Node("gpu-a", "4");
        node.Metadata.Labels["cloud.example/accelerator"] = "H100";

        var spec = Assert.Single(ClusterInventory.Build([node], [], "cloud.example/accelerator").Nodes).Spec;

        Assert.Equal("H100", spec.GpuModel);
    }

    [Fact]
    public void GpuRequest_PrefersRequestsOverLimits()
    {
        var pod = Pod("gpu-a", "Running", "4");
        pod.Spec.Containers[0].Resources.Requests = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("2") };

        Assert.Equal(2, ClusterInventory.GpuRequest(pod));
    }
}
