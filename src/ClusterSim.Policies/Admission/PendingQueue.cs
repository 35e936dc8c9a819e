namespace ClusterSim.Policies.Admission;

/// <summary>
/// The jobs waiting in one ClusterQueue, grouped by request shape (worker request and worker
/// count). Jobs of one shape get the same result from quota and placement, so an admission
/// cycle evaluates only the head of each group instead of every waiting job.
/// </summary>
internal sealed class PendingQueue(QueueingStrategy strategy, IComparer<PendingJob> order)
{
    private readonly Dictionary<ShapeKey, ShapeGroup> groups = [];

    public QueueingStrategy Strategy { get; } = strategy;

    public int Count { get; private set; }

    /// <summary>Groups with at least one job, in no particular order.</summary>
    public IEnumerable<ShapeGroup> Groups => groups.Values.Where(g => g.Jobs.Count > 0);

    public void Add(PendingJob job)
    {
        var key = ShapeKey.Of(job);
        if (!groups.TryGetValue(key, out var group))
        {
            group = new ShapeGroup(new SortedSet<PendingJob>(order));
            groups.Add(key, group);
        }

        group.Jobs.Add(job);
        group.HasUnheldJobs = true;
        Count++;
    }

    public void Remove(PendingJob job)
    {
        if (groups[ShapeKey.Of(job)].Jobs.Remove(job))
        {
            Count--;
        }
    }

    /// <summary>Every waiting job in queue order.</summary>
    public IEnumerable<PendingJob> InOrder() => Groups.SelectMany(g => g.Jobs).Order(order);

    /// <summary>The job at the head of the whole queue, or null when it is empty.</summary>
    public PendingJob? Head() => Groups.Select(g => g.Jobs.Min!).Min(order);

    /// <summary>Jobs of one request shape, in queue order, with the hold they share.</summary>
    internal sealed class ShapeGroup(SortedSet<PendingJob> jobs)
    {
        public SortedSet<PendingJob> Jobs { get; } = jobs;

        /// <summary>True when some job joined since the group's hold was last given to every member.</summary>
        public bool HasUnheldJobs { get; set; }

        /// <summary>The hold the group's members were last given, or null.</summary>
        public HoldReason? LastReason { get; set; }
    }

    private readonly record struct ShapeKey(long CpuMilli, long MemoryMib, int GpuCount, int GpuMilli, string GpuModels, int Workers)
    {
        public static ShapeKey Of(PendingJob job)
        {
            var worker = job.Job.Worker;
            return new ShapeKey(worker.CpuMilli, worker.MemoryMib, worker.GpuCount, worker.GpuMilli, worker.GpuModels, job.Job.Workers);
        }
    }
}
