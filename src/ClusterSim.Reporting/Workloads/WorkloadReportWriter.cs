using System.Globalization;
using System.Text;
using ClusterSim.Policies.Admission;
using ClusterSim.Simulation.Workloads;
using CsvHelper;

namespace ClusterSim.Reporting.Workloads;

/// <summary>Writes a workload simulation's tables; docs/outputs.md documents each column and unit.</summary>
public static class WorkloadReportWriter
{
    public const string JobsFile = "jobs.csv";
    public const string HoldsFile = "holds.csv";
    public const string QueuesFile = "queues.csv";
    public const string ViolationsFile = "violations.csv";
    public const string SummaryFile = "summary.csv";
    public const string ReservationsFile = "reservations.csv";
    public const string EvictionsFile = "evictions.csv";
    public const string FaultsFile = "faults.csv";

    public static void WriteTables(WorkloadResult result, WorkloadSummary summary, string directory)
    {
        var horizon = result.Model.Horizon;
        Write(Path.Combine(directory, JobsFile),
        [
            "job_id", "kind", "pipeline", "partition", "namespace", "cluster_queue", "priority", "workers", "gpus",
            "submit_s", "first_admit_s", "admit_s", "finish_s", "wait_s", "run_s", "deadline_s", "lateness_s", "sla_missed",
            "status", "flavor", "borrowed", "first_hold", "last_hold", "evictions", "interruptions", "lost_gpu_s",
            "checkpoint_overhead_s", "restart_overhead_s", "stretch", "nodes",
        ], csv =>
        {
            foreach (var r in result.Jobs)
            {
                var job = r.Job;
                Row(csv, job.Id, Snake(job.Kind.ToString()), job.Pipeline, job.Partition, job.Namespace, r.ClusterQueue, job.Priority, job.Workers,
                    job.TotalGpuMilli / 1000.0, Seconds(job.SubmitTime), Seconds(r.FirstAdmitTime), Seconds(r.AdmitTime), Seconds(r.FinishTime),
                    r.Status is JobStatus.NotSubmitted or JobStatus.Skipped ? null : Seconds(r.Wait(horizon)),
                    r.AdmitTime is { } admit ? Seconds((r.FinishTime ?? horizon) - admit) : null,
                    Seconds(job.Deadline), Seconds(r.Lateness(horizon)), job.Deadline is null ? null : r.MissedDeadline(horizon),
                    Snake(r.Status.ToString()), r.Flavor, r.AdmitTime is null ? null : r.Borrowed,
                    r.FirstHold is { } first ? HoldReasons.Name(first) : null, r.LastHold is { } last ? HoldReasons.Name(last) : null,
                    r.Evictions, r.Interruptions, Seconds(r.LostGpuTime), Seconds(r.CheckpointOverhead), Seconds(r.RestartOverhead),
                    Stretch(r),
                    string.Join(' ', r.Nodes));
            }
        });

        Write(Path.Combine(directory, HoldsFile), ["time_s", "job_id", "cluster_queue", "reason", "detail"], csv =>
        {
            foreach (var h in result.Holds)
            {
                Row(csv, Seconds(h.Time), h.JobId, h.ClusterQueue, HoldReasons.Name(h.Reason), h.Detail);
            }
        });

        Write(Path.Combine(directory, QueuesFile), ["time_s", "cluster_queue", "allocated_gpus", "running_jobs", "pending_jobs"], csv =>
        {
            foreach (var s in result.Samples)
            {
                Row(csv, Seconds(s.Time), s.ClusterQueue, s.AllocatedGpuMilli / 1000.0, s.RunningJobs, s.PendingJobs);
            }
        });

        Write(Path.Combine(directory, ViolationsFile), ["time_s", "kind", "job_id", "other_job_id", "pipeline", "partition", "artifact"], csv =>
        {
            foreach (var v in result.Violations)
            {
                Row(csv, Seconds(v.Time), Snake(v.Kind.ToString()), v.JobId, v.OtherJobId, v.Pipeline, v.Partition, v.ArtifactPath);
            }
        });

        Write(Path.Combine(directory, ReservationsFile), ["time_s", "job_id", "cluster_queue", "reserved_start_s"], csv =>
        {
            foreach (var r in result.Reservations)
            {
                Row(csv, Seconds(r.Time), r.JobId, r.ClusterQueue, Seconds(r.ReservedStart));
            }
        });

        Write(Path.Combine(directory, EvictionsFile), ["time_s", "job_id", "cluster_queue", "preemptor_id", "reclaim"], csv =>
        {
            foreach (var e in result.Evictions)
            {
                Row(csv, Seconds(e.Time), e.JobId, e.ClusterQueue, e.PreemptorId, e.Reclaim);
            }
        });

        Write(Path.Combine(directory, FaultsFile), ["time_s", "kind", "node", "detail"], csv =>
        {
            foreach (var f in result.Faults)
            {
                Row(csv, Seconds(f.Time), f.Kind, f.Node, f.Detail);
            }
        });

        Write(Path.Combine(directory, SummaryFile), ["metric", "cluster_queue", "value", "unit"], csv =>
        {
            Row(csv, "deadline_jobs", string.Empty, summary.DeadlineJobs, "jobs");
            Row(csv, "sla_misses", string.Empty, summary.SlaMisses, "jobs");
            Row(csv, "lateness_p50", string.Empty, Round(summary.LatenessP50Seconds), "s");
            Row(csv, "lateness_p95", string.Empty, Round(summary.LatenessP95Seconds), "s");
            Row(csv, "lateness_max", string.Empty, Round(summary.LatenessMaxSeconds), "s");
            Row(csv, "backfill_runs", string.Empty, summary.BackfillRuns, "jobs");
            Row(csv, "backfill_completed", string.Empty, summary.BackfillCompleted, "jobs");
            Row(csv, "backfill_skipped", string.Empty, summary.BackfillSkipped, "jobs");
            Row(csv, "backfill_finished", string.Empty, summary.BackfillFinishedSeconds is { } done ? Round(done) : null, "s");
            Row(csv, "concurrent_partition_runs", string.Empty, summary.ConcurrentPartitionRuns, "violations");
            Row(csv, "artifact_overwrites", string.Empty, summary.ArtifactOverwrites, "violations");
            Row(csv, "evictions", string.Empty, summary.Evictions, "evictions");
            Row(csv, "lost_gpu_hours", string.Empty, Round(summary.LostGpuHours), "GPU hours");
            Row(csv, "interruptions", string.Empty, summary.Interruptions, "runs");
            Row(csv, "checkpoint_overhead_gpu_hours", string.Empty, Round(summary.CheckpointGpuHours), "GPU hours");
            Row(csv, "restart_overhead_gpu_hours", string.Empty, Round(summary.RestartGpuHours), "GPU hours");
            Row(csv, "goodput", string.Empty, summary.Goodput is { } goodput ? Math.Round(goodput, 6) : null, "fraction");
            foreach (var (reason, count) in summary.HoldsByReason)
            {
                Row(csv, $"holds_{HoldReasons.Name(reason)}", string.Empty, count, "hold changes");
            }

            foreach (var q in summary.Queues)
            {
                Row(csv, "submitted", q.ClusterQueue, q.Submitted, "jobs");
                Row(csv, "completed", q.ClusterQueue, q.Completed, "jobs");
                Row(csv, "unfinished", q.ClusterQueue, q.Unfinished, "jobs");
                Row(csv, "wait_mean", q.ClusterQueue, Round(q.MeanWaitSeconds), "s");
                Row(csv, "wait_p50", q.ClusterQueue, Round(q.P50WaitSeconds), "s");
                Row(csv, "wait_p95", q.ClusterQueue, Round(q.P95WaitSeconds), "s");
                Row(csv, "wait_max", q.ClusterQueue, Round(q.MaxWaitSeconds), "s");
                Row(csv, "gpu_hours", q.ClusterQueue, Round(q.GpuHours), "GPU hours");
            }
        });
    }

    /// <summary>Wall time from first admission to finish over the failure-free run time, or null for an unfinished job.</summary>
    private static double? Stretch(JobRecord record) =>
        record.FinishTime is { } end && record.FirstAdmitTime is { } start && record.Job.Duration > TimeSpan.Zero
            ? Math.Round((end - start) / record.Job.Duration, 4)
            : null;

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.ToEven);

    private static double? Seconds(TimeSpan? time) => time is { } t ? Math.Round(t.TotalSeconds, 3) : null;

    private static string Snake(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static void Write(string path, IReadOnlyList<string> header, Action<CsvWriter> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        rows(csv);
    }

    private static void Row(CsvWriter csv, params object?[] fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field switch
            {
                null => string.Empty,
                bool b => b ? "true" : "false",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => field.ToString(),
            });
        }

        csv.NextRecord();
    }
}
