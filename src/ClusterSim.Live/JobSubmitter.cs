using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClusterSim.Core.Workloads;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Live;

/// <summary>
/// Creates a workload's jobs on the cluster as suspended, managed batch/v1 Jobs at their arrival
/// times divided by a time scale, so that live mode admits them as the simulator would.
/// </summary>
public sealed class JobSubmitter(IKubernetes client, ILogger logger)
{
    public const string DefaultImage = "busybox:1.36";

    /// <summary>Container image of the submitted workers; they sleep for the job's scaled duration.</summary>
    public string Image { get; init; } = DefaultImage;

    /// <summary>Jobs created; those that already existed are counted in <see cref="Existing"/>.</summary>
    public int Created { get; private set; }

    /// <summary>Jobs found already on the cluster, from an earlier submission, and left as they are.</summary>
    public int Existing { get; private set; }

    /// <summary>
    /// Builds the Job for <paramref name="job"/>, submitted at <paramref name="submitted"/>, in
    /// ClusterQueue <paramref name="clusterQueue"/>; durations are divided by <paramref name="timeScale"/>,
    /// and the workers run <paramref name="image"/>.
    /// </summary>
    public static V1Job Build(JobSpec job, string clusterQueue, DateTime submitted, double timeScale, long order, string image = DefaultImage)
    {
        ArgumentNullException.ThrowIfNull(job);
        var seconds = job.Duration.TotalSeconds / timeScale;
        var duration = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        var annotations = new Dictionary<string, string>
        {
            [LiveJob.JobIdAnnotation] = job.Id,
            [LiveJob.DurationAnnotation] = duration,
            [LiveJob.SubmitTimeAnnotation] = LiveJob.FormatTime(submitted),
            [LiveJob.OrderAnnotation] = order.ToString(CultureInfo.InvariantCulture),
            [LiveJob.PriorityAnnotation] = job.Priority.ToString(CultureInfo.InvariantCulture),
            [LiveJob.KindAnnotation] = job.Kind.ToString().ToLowerInvariant(),
        };
        Add(annotations, LiveJob.PipelineAnnotation, job.Pipeline);
        Add(annotations, LiveJob.PartitionAnnotation, job.Partition);
        Add(annotations, LiveJob.ConcurrencyGroupAnnotation, job.ConcurrencyGroup);
        Add(annotations, LiveJob.ArtifactAnnotation, job.ArtifactPath);
        Add(annotations, LiveJob.GpuModelsAnnotation, job.Worker.GpuModels);

        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new ResourceQuantity($"{job.Worker.CpuMilli}m"),
            ["memory"] = new ResourceQuantity($"{job.Worker.MemoryMib}Mi"),
        };
        if (job.Worker.NeedsGpu)
        {
            resources[ClusterInventory.GpuResource] = new ResourceQuantity(job.Worker.GpuCount.ToString(CultureInfo.InvariantCulture));
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = NameFor(job.Id),
                NamespaceProperty = job.Namespace,
                Labels = new Dictionary<string, string> { [JobActions.QueueLabel] = clusterQueue },
                Annotations = annotations,
            },
            Spec = new V1JobSpec
            {
                Suspend = true,
                Parallelism = job.Workers,
                Completions = job.Workers,
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [JobActions.QueueLabel] = clusterQueue } },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "worker",
                                Image = image,
                                Command = ["sleep", seconds.ToString("0.###", CultureInfo.InvariantCulture)],
                                Resources = new V1ResourceRequirements { Requests = resources, Limits = resources },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>
    /// Creates each Job at <paramref name="start"/> plus its submission time divided by
    /// <paramref name="timeScale"/>. A Job that already exists is left alone, so a submission
    /// that stopped part way can be run again.
    /// </summary>
    public async Task SubmitAsync(IReadOnlyList<(JobSpec Job, string ClusterQueue)> jobs, DateTime start, double timeScale, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var ordered = jobs.Select((j, i) => (j.Job, j.ClusterQueue, Order: (long)i)).OrderBy(j => j.Job.SubmitTime).ThenBy(j => j.Order).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (job, queue, order) = ordered[i];
            var due = start + (job.SubmitTime / timeScale);
            var wait = due - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            await CreateAsync(Build(job, queue, due, timeScale, order, Image), cancellationToken).ConfigureAwait(false);
            progress?.Report((i + 1) / (double)ordered.Count);
        }
    }

    /// <summary>Returns a valid Job name for a workload id: lower case letters, digits and '-', at most 63 characters.</summary>
    public static string NameFor(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var text = new StringBuilder();
        foreach (var c in id.ToLowerInvariant())
        {
            text.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-');
        }

        var name = text.ToString().Trim('-');
        if (name.Length == 0 || name.Length > 63 || name != id)
        {
            // Ids that lose information when cleaned get a short hash, so two of them never share a name.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];
            name = $"{(name.Length > 54 ? name[..54].TrimEnd('-') : name)}-{hash}".TrimStart('-');
        }

        return name;
    }

    private async Task CreateAsync(V1Job job, CancellationToken cancellationToken)
    {
        var (ns, name) = (job.Metadata.NamespaceProperty, job.Metadata.Name);
        try
        {
            await ApiRetry.RunAsync(
                () => client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: cancellationToken),
                null,
                cancellationToken,
                retry: e => ApiRetry.IsTransient(e) && !AlreadyExists(e)).ConfigureAwait(false);
            Created++;
            logger.LogInformation("Created Job {Namespace}/{Name} for {Id}", ns, name, job.Metadata.Annotations[LiveJob.JobIdAnnotation]);
        }
        catch (HttpOperationException e) when (AlreadyExists(e))
        {
            Existing++;
            logger.LogInformation("Job {Namespace}/{Name} exists already; left as it is", ns, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new LiveModeException(
                $"The API server rejected creating Job {ns}/{name} ({(int)e.Response.StatusCode} {e.Response.StatusCode}); grant the account create on jobs in namespace {ns}.", e);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new LiveModeException($"Creating Job {ns}/{name} failed with 404; create namespace {ns} first (kubectl create namespace {ns}).", e);
        }
        catch (HttpOperationException e)
        {
            throw new LiveModeException($"Creating Job {ns}/{name} failed with {(int)e.Response.StatusCode} {e.Response.StatusCode}; run the command again to submit the rest.", e);
        }
        catch (HttpRequestException e)
        {
            throw new LiveModeException($"Cannot reach the API server at {client.BaseUri}: {e.Message.TrimEnd('.')}. Check the server address in the kubeconfig and that the cluster is up.", e);
        }
    }

    // A 409 on create is AlreadyExists, unless the server reports a transient conflict.
    private static bool AlreadyExists(HttpOperationException e) =>
        e.Response.StatusCode == HttpStatusCode.Conflict && e.Response.Content?.Contains("\"AlreadyExists\"", StringComparison.Ordinal) == true;

    private static void Add(Dictionary<string, string> annotations, string key, string value)
    {
        if (value.Length > 0)
        {
            annotations[key] = value;
        }
    }
}
