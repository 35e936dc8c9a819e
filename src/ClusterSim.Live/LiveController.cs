using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Live;

/// <summary>How live mode runs.</summary>
/// <param name="DryRun">Read and decide, log each decision, and write nothing.</param>
/// <param name="Interval">Longest time between two cycles; a change seen by a watch starts one sooner.</param>
/// <param name="GpuModelLabel">Node label that names the GPU model.</param>
/// <param name="Once">Run one cycle and stop.</param>
public sealed record LiveOptions(bool DryRun, TimeSpan Interval, string GpuModelLabel, bool Once)
{
    /// <summary>Time to let a burst of changes settle before a cycle, so Jobs created together are decided together.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>A decision live mode carried out (or, in a dry run, would have).</summary>
/// <param name="Time">When it was made.</param>
/// <param name="Action">Admit, hold or preempt.</param>
/// <param name="Job">Namespace/name of the Job.</param>
/// <param name="WorkloadId">Id the workload gave the Job, or namespace/name.</param>
/// <param name="Nodes">For an admission, the node of each worker.</param>
/// <param name="Reason">For a hold or preemption, its reason.</param>
/// <param name="Detail">The sentence behind it.</param>
public sealed record LiveDecisionRecord(DateTime Time, LiveAction Action, string Job, string WorkloadId, IReadOnlyList<string> Nodes, string Reason, string Detail);

/// <summary>What one cycle saw and did: the Jobs by state, and the decisions written (in a dry run, that would have been).</summary>
public sealed record LiveCycleSummary(int Cycle, int Waiting, int Running, int Finished, int Admitted, int Held, int Preempted, int FailedWrites)
{
    /// <summary>Decisions written (in a dry run, that would have been written).</summary>
    public int Writes => Admitted + Held + Preempted;
}

/// <summary>
/// Live mode: follows the cluster through watches and, every cycle, lists the managed Jobs,
/// decides with <see cref="LivePolicy"/> and carries the decisions out through
/// <see cref="JobActions"/>. It keeps no state that the cluster does not record, so it can be
/// stopped and started at any time.
/// </summary>
public sealed class LiveController : IDisposable
{
    private readonly IKubernetes client;
    private readonly LivePolicy policy;
    private readonly LiveOptions options;
    private readonly ILogger logger;
    private readonly JobActions actions;
    private readonly TextWriter? decisionsOut;
    private readonly List<LiveDecisionRecord> decisions = [];
    private readonly Dictionary<string, string> dryRunSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> warned = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0);
    private readonly TimeSpan retryDelay;
    private int cycle;

    /// <param name="client">Client of the cluster's API server.</param>
    /// <param name="policy">Queues and policies to decide with.</param>
    /// <param name="options">Dry run, interval, GPU model label.</param>
    /// <param name="logger">Receives a line per decision, in the Job's scope, and a summary per cycle.</param>
    /// <param name="decisionsOut">Receives one line per decision carried out, or null.</param>
    /// <param name="retryDelay">First delay before retrying a write; doubles on each retry.</param>
    public LiveController(IKubernetes client, LivePolicy policy, LiveOptions options, ILogger logger, TextWriter? decisionsOut = null, TimeSpan? retryDelay = null)
    {
        this.client = client;
        this.policy = policy;
        this.options = options;
        this.logger = logger;
        this.decisionsOut = decisionsOut;
        this.retryDelay = retryDelay ?? ApiRetry.FirstDelay;
        actions = new JobActions(client, retryDelay);
    }

    /// <summary>Decisions carried out so far (in a dry run, those that would have been), in order.</summary>
    public IReadOnlyList<LiveDecisionRecord> Decisions
    {
        get
        {
            lock (decisions)
            {
                return [.. decisions];
            }
        }
    }

    /// <summary>Writes retried after a 409, 429 or 5xx response.</summary>
    public int Retries => actions.Retries;

    /// <summary>
    /// Checks that the cluster can be read, then runs cycles until <paramref name="cancellationToken"/>
    /// is cancelled (or after one cycle with <see cref="LiveOptions.Once"/>).
    /// </summary>
    /// <exception cref="LiveModeException">The API server cannot be reached or refuses a read live mode needs.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await InventoryReader.ReadAsync(client, options.GpuModelLabel, cancellationToken).ConfigureAwait(false);
        await ListJobsAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Live mode started{DryRun}: ClusterQueues {Queues}, placement {Placement}, a cycle at least every {Interval} s",
            options.DryRun ? " as a dry run (nothing is written)" : string.Empty,
            string.Join(", ", policy.Config.ClusterQueues.Select(q => q.Name)), policy.Config.PlacementPolicy, options.Interval.TotalSeconds);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = new InventoryWatcher(client, options.GpuModelLabel, logger) { WatchJobs = !options.Once };
        watcher.Changed += (_, _) => Wake();
        var watching = watcher.RunAsync(stop.Token);
        try
        {
            while (!watcher.Synced)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(false);
                while (wake.CurrentCount > 0)
                {
                    await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                await RunCycleAsync(watcher, cancellationToken).ConfigureAwait(false);
                if (options.Once)
                {
                    break;
                }

                await wake.WaitAsync(options.Interval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }
    }

    public void Dispose() => wake.Dispose();

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    /// <summary>Runs one cycle on the watcher's view of nodes and pods and a fresh list of managed Jobs.</summary>
    public async Task<LiveCycleSummary?> RunCycleAsync(InventoryWatcher watcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        var number = ++cycle;
        IReadOnlyList<V1Job> listed;
        try
        {
            listed = await ListJobsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LiveModeException e)
        {
            logger.LogWarning("Cycle {Cycle} skipped: {Error}", number, e.Message);
            return null;
        }

        var jobs = listed.Select(j => LiveJob.Read(j, options.GpuModelLabel)).ToList();
        foreach (var outside in jobs.Where(j => j.State == LiveJobState.Unadmitted))
        {
            if (warned.Add(outside.Key))
            {
                logger.LogWarning("{Job} carries the {Label} label but runs without an admission from live mode; create managed Jobs with spec.suspend: true. Its pods count as other workloads.",
                    outside.Key, JobActions.QueueLabel);
            }
        }

        // Pods of Jobs that live mode books itself are left out of the inventory, so they are not counted twice.
        var booked = jobs.Where(j => j.State != LiveJobState.Unadmitted).Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        var (nodes, pods) = watcher.Snapshot();
        var inventory = ClusterInventory.Build(nodes, pods, options.GpuModelLabel,
            pod => pod.Metadata.OwnerReferences?.Any(o => o.Kind == "Job" && booked.Contains($"{pod.Metadata.NamespaceProperty}/{o.Name}")) == true);
        var now = DateTime.UtcNow;
        var plan = policy.Decide(inventory.Nodes, jobs, now);
        foreach (var warning in plan.Warnings.Where(warned.Add))
        {
            logger.LogWarning("{Warning}", warning);
        }

        int admitted = 0, newlyHeld = 0, preempted = 0, holding = 0, failed = 0;
        foreach (var decision in plan.Decisions)
        {
            using var scope = logger.BeginScope("Job {Job}", decision.Job.Key);
            holding += decision.Action == LiveAction.Hold ? 1 : 0;
            try
            {
                if (await CarryOutAsync(decision, now, cancellationToken).ConfigureAwait(false))
                {
                    switch (decision.Action)
                    {
                        case LiveAction.Admit: admitted++; break;
                        case LiveAction.Hold: newlyHeld++; break;
                        default: preempted++; break;
                    }
                }
            }
            catch (HttpOperationException e)
            {
                failed++;
                logger.LogError("Could not {Action} {Job}: the API server responded {Code} {Reason}; {Fix}",
                    Verb(decision.Action), decision.Job.Key, (int)e.Response.StatusCode, e.Response.ReasonPhrase, Fix(e));
            }
            catch (HttpRequestException e)
            {
                failed++;
                logger.LogError("Could not {Action} {Job}: {Error}; the next cycle tries again", Verb(decision.Action), decision.Job.Key, e.Message);
            }
        }

        var summary = new LiveCycleSummary(number, plan.Waiting, plan.Running, plan.Finished, admitted, newlyHeld, preempted, failed);
        logger.LogInformation(
            "Cycle {Cycle}: at the start, Jobs waiting {Waiting}, running {Running}, finished {Finished}; {Outcome}: admitted {Admitted}, newly held {Held}, preempted {Preempted}; afterwards {FreeGpus} of {Gpus} GPUs on {Nodes} nodes free, Jobs held {Holding}{Failures}",
            number, summary.Waiting, summary.Running, summary.Finished, options.DryRun ? "dry run, would write" : "written", admitted, newlyHeld, preempted,
            plan.FreeGpus, plan.TotalGpus, inventory.Nodes.Count, holding, options.DryRun ? string.Empty : $"; failed writes {failed}");
        return summary;
    }

    /// <summary>Carries out one decision; returns true when something was written (in a dry run, when it would have been).</summary>
    private async Task<bool> CarryOutAsync(LiveDecision decision, DateTime now, CancellationToken cancellationToken)
    {
        var job = decision.Job;
        var text = decision.Action switch
        {
            LiveAction.Admit => $"admit on {string.Join(',', decision.Nodes)}",
            LiveAction.Hold => $"hold: {decision.Reason}",
            _ => "preempt",
        };
        var line = decision.Detail.Length == 0 ? text : $"{text}: {decision.Detail}";
        bool written;
        if (options.DryRun)
        {
            // The Job never changes in a dry run, so what it records is compared with what was last reported.
            var recorded = decision.Action switch
            {
                LiveAction.Admit => job.Decision == "admitted" && string.Join(',', job.AdmittedNodes) == string.Join(',', decision.Nodes),
                LiveAction.Hold => job.Decision == "held" && LiveJob.Annotation(job.Job, JobActions.ReasonAnnotation) == decision.Reason,
                _ => job.Decision == "preempted" && LiveJob.Annotation(job.Job, JobActions.ReasonAnnotation) == decision.Detail,
            };
            written = !recorded && (!dryRunSeen.TryGetValue(job.Key, out var last) || last != text);
            dryRunSeen[job.Key] = text;
            if (written)
            {
                logger.LogInformation("would {Decision} (dry run, nothing written)", line);
            }
        }
        else
        {
            written = decision.Action switch
            {
                LiveAction.Admit => await actions.AdmitAsync(job.Job, decision.Nodes, cancellationToken).ConfigureAwait(false),
                LiveAction.Hold => await actions.HoldAsync(job.Job, decision.Reason, cancellationToken, decision.Detail).ConfigureAwait(false),
                _ => await actions.PreemptAsync(job.Job, decision.Detail, cancellationToken).ConfigureAwait(false),
            };
            if (written)
            {
                logger.LogInformation("{Decision}", line);
            }
        }

        if (written)
        {
            var record = new LiveDecisionRecord(now, decision.Action, job.Key, job.WorkloadId, decision.Nodes, decision.Reason, decision.Detail);
            lock (decisions)
            {
                decisions.Add(record);
            }

            decisionsOut?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{LiveJob.FormatTime(now)}\t{(options.DryRun ? "would " : string.Empty)}{Verb(decision.Action)}\t{job.Key}\t{(decision.Action == LiveAction.Admit ? string.Join(',', decision.Nodes) : decision.Reason)}\t{decision.Detail}"));
        }

        return written;
    }

    private async Task<IReadOnlyList<V1Job>> ListJobsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var list = await ApiRetry.RunAsync(
                () => client.BatchV1.ListJobForAllNamespacesAsync(labelSelector: JobActions.QueueLabel, cancellationToken: cancellationToken),
                retryDelay,
                cancellationToken).ConfigureAwait(false);
            return [.. list.Items.Where(JobActions.IsManaged)];
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new LiveModeException(
                $"The API server rejected listing Jobs ({(int)e.Response.StatusCode} {e.Response.StatusCode}); grant the account get, list and watch on jobs in all namespaces (deploy/rbac.yaml).", e);
        }
        catch (HttpOperationException e)
        {
            throw new LiveModeException($"Listing Jobs failed with {(int)e.Response.StatusCode} {e.Response.StatusCode}; check that the API server is healthy, e.g. with `kubectl get jobs -A`.", e);
        }
        catch (HttpRequestException e)
        {
            throw new LiveModeException($"Cannot reach the API server at {client.BaseUri}: {e.Message.TrimEnd('.')}. Check the server address in the kubeconfig and that the cluster is up.", e);
        }
    }

    private static string Verb(LiveAction action) => action switch
    {
        LiveAction.Admit => "admit",
        LiveAction.Hold => "hold",
        _ => "preempt",
    };

    private static string Fix(HttpOperationException e) => (int)e.Response.StatusCode switch
    {
        401 or 403 => "grant the account patch on jobs and create on events in this namespace (deploy/rbac.yaml)",
        404 => "the Job was deleted meanwhile",
        _ => "the next cycle tries again",
    };
}
