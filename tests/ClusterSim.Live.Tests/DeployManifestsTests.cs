using ClusterSim.Scenarios;
using k8s;
using k8s.Models;

namespace ClusterSim.Live.Tests;

/// <summary>
/// The manifests in deploy/ parse as Kubernetes objects, grant live mode exactly the access it
/// uses, and carry a configuration that live mode accepts.
/// </summary>
public sealed class DeployManifestsTests
{
    private static readonly string Deploy = Path.Combine(Repository.Root(), "deploy");

    private static List<object> Load(string file) => [.. KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Deploy, file)))];

    [Fact]
    public void Rbac_GrantsOnlyWhatLiveModeUses()
    {
        var objects = Load("rbac.yaml");

        var clusterRole = Assert.Single(objects.OfType<V1ClusterRole>());
        Assert.Equal(
            ["/nodes:get,list,watch", "/pods:get,list,watch", "batch/jobs:get,list,watch"],
            clusterRole.Rules.SelectMany(Grants).Order(StringComparer.Ordinal));

        var roles = objects.OfType<V1Role>().ToList();
        Assert.All(roles, role => Assert.Equal(["/events:create", "batch/jobs:create,patch"], role.Rules.SelectMany(Grants).Order(StringComparer.Ordinal)));
        var config = ScenarioLoader.Load("deployment.yaml", ConfigText(), ScenarioUse.Live);
        Assert.Equal(config.ClusterQueueByNamespace.Keys.Order(StringComparer.Ordinal), roles.Select(r => r.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));

        var bindings = objects.OfType<V1RoleBinding>().ToList();
        Assert.Equal(roles.Select(r => r.Metadata.NamespaceProperty), bindings.Select(b => b.Metadata.NamespaceProperty));
        Assert.All(bindings, b => Assert.Equal("clustersim-live", Assert.Single(b.Subjects).Name));
        Assert.Equal("clustersim-live", Assert.Single(Assert.Single(objects.OfType<V1ClusterRoleBinding>()).Subjects).Name);
    }

    [Fact]
    public void Deployment_RunsLiveModeWithItsConfiguration()
    {
        var objects = Load("deployment.yaml");
        var deployment = Assert.Single(objects.OfType<V1Deployment>());

        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.Equal("clustersim-live", deployment.Spec.Template.Spec.ServiceAccountName);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal(["live", "--config", "/etc/clustersim/config.yaml", "--interval", "10s"], container.Args);
        var config = ScenarioLoader.Load("deployment.yaml", ConfigText(), ScenarioUse.Live);
        Assert.Equal(["production", "research"], config.ClusterQueues.Select(q => q.Name));
        var account = Assert.Single(Load("serviceaccount.yaml").OfType<V1ServiceAccount>());
        Assert.Equal(deployment.Metadata.NamespaceProperty, account.Metadata.NamespaceProperty);
    }

    private static string ConfigText() => Assert.Single(Load("deployment.yaml").OfType<V1ConfigMap>()).Data["config.yaml"];

    private static IEnumerable<string> Grants(V1PolicyRule rule) =>
        from g in rule.ApiGroups
        from r in rule.Resources
        select $"{g}/{r}:{string.Join(',', rule.Verbs.Order(StringComparer.Ordinal))}";
}
