using ClusterSim.Core;
using ClusterSim.Core.Workloads;
using ClusterSim.Traces.Philly;
using ClusterSim.Traces.Swf;

namespace ClusterSim.Scenarios;

/// <summary>Turns trace jobs into simulation jobs.</summary>
public static class TraceWorkloads
{
    /// <summary>
    /// Converts Philly jobs submitted from <paramref name="start"/> on. Each job's namespace is
    /// its virtual cluster. A job of more GPUs than <paramref name="maxGpusPerWorker"/> becomes a
    /// gang of equal workers, each within that size (24 GPUs become 3 workers of 8).
    /// </summary>
    public static IReadOnlyList<JobSpec> FromPhilly(string name, IReadOnlyList<PhillyJob> jobs, DateOnly start, int maxGpusPerWorker,
        WorkerResources resources)
    {
        var origin = start.ToDateTime(TimeOnly.MinValue);
        var result = new List<JobSpec>(jobs.Count);
        foreach (var job in jobs.Where(j => j.Submitted >= origin))
        {
            var workers = Math.Max(1, (job.Gpus + maxGpusPerWorker - 1) / maxGpusPerWorker);
            var gpusPerWorker = (job.Gpus + workers - 1) / workers;
            var id = $"{name}-{job.Line}";
            var worker = new PodSpec(id, resources.CpuMilli, resources.MemoryMib, gpusPerWorker, gpusPerWorker == 0 ? 0 : GpuDevice.MilliCapacity, resources.GpuModels);
            result.Add(new JobSpec(id, JobKind.Batch, job.VirtualCluster, string.Empty, string.Empty, 0,
                job.Submitted - origin, TimeSpan.FromSeconds(Math.Round(job.DurationSeconds, 3)), workers, worker, null, string.Empty, string.Empty));
        }

        return result;
    }

    /// <summary>
    /// Converts SWF jobs into gangs of one-GPU workers, one per processor: a processor of the
    /// logged machine becomes one GPU device of the simulated one. Jobs without a processor
    /// count or run time are left out.
    /// </summary>
    public static IReadOnlyList<JobSpec> FromSwf(string name, string ns, IReadOnlyList<SwfJob> jobs, WorkerResources resources)
    {
        var result = new List<JobSpec>(jobs.Count);
        foreach (var job in jobs)
        {
            if (job.Processors is not { } processors || processors <= 0 || job.RunSeconds is not { } run)
            {
                continue;
            }

            var id = $"{name}-{job.Id}";
            var worker = new PodSpec(id, resources.CpuMilli, resources.MemoryMib, 1, GpuDevice.MilliCapacity, resources.GpuModels);
            result.Add(new JobSpec(id, JobKind.Batch, ns, string.Empty, string.Empty, 0, TimeSpan.FromSeconds(job.SubmitSeconds),
                TimeSpan.FromSeconds(run), (int)processors, worker, null, string.Empty, string.Empty));
        }

        return result;
    }
}

/// <summary>CPU, memory and GPU models given to each worker of a trace job, which traces do not record.</summary>
public sealed record WorkerResources(long CpuMilli, long MemoryMib, string GpuModels);
