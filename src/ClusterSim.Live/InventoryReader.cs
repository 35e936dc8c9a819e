using k8s;
using k8s.Autorest;

namespace ClusterSim.Live;

/// <summary>Lists Nodes and Pods from the API server and builds the GPU inventory from them.</summary>
public static class InventoryReader
{
    public static async Task<ClusterInventory> ReadAsync(IKubernetes client, string gpuModelLabel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var pods = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return ClusterInventory.Build(nodes.Items, pods.Items, gpuModelLabel);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new LiveModeException(
                $"The API server refused to list nodes or pods ({(int)e.Response.StatusCode} {e.Response.StatusCode}); grant the account get, list and watch on nodes and pods.", e);
        }
        catch (OperationCanceledException e)
        {
            throw new LiveModeException("Timed out listing nodes and pods; check that the API server in the kubeconfig responds, e.g. with `kubectl get nodes`.", e);
        }
        catch (HttpRequestException e)
        {
            throw new LiveModeException($"Cannot reach the API server at {client.BaseUri}: {e.Message.TrimEnd('.')}. Check the server address in the kubeconfig and that the cluster is up.", e);
        }
    }
}
