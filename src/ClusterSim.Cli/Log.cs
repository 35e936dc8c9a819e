using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli;

/// <summary>The command line's diagnostic messages, source-generated so that disabled levels cost nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Read {Nodes} nodes ({Gpus} GPUs) from {NodeFile} and {Pods} pods from {PodFile}")]
    public static partial void TracesRead(ILogger logger, int nodes, long gpus, string nodeFile, int pods, string podFile);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Finished {Run} ({Finished}/{Total}): {Result}")]
    public static partial void RunFinished(ILogger logger, string run, int finished, int total, string result);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Wrote results to {Folder}")]
    public static partial void ResultsWritten(ILogger logger, string folder);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Loaded scenario {Scenario}: {Jobs} jobs on {Gpus} GPUs")]
    public static partial void ScenarioLoaded(ILogger logger, string scenario, int jobs, long gpus);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "{Count} pods fit no node even of an empty cluster and will fail in every run; for example {Pod} ({Cpu} millicores, {Memory} MiB, {Gpus} GPUs of {Milli} milli, models {Models})")]
    public static partial void UnplaceablePods(ILogger logger, int count, string pod, long cpu, long memory, int gpus, int milli, string models);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Work}: {Percent} % done")]
    public static partial void Progress(ILogger logger, string work, int percent);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Wrote {Nodes} nodes and {Pods} pods to {Folder}")]
    public static partial void TraceGenerated(ILogger logger, int nodes, int pods, string folder);
}
