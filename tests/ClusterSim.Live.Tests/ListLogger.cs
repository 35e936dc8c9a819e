using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Live.Tests;

/// <summary>Keeps every log line with its level and scopes, so a failing test can show what live mode did.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly AsyncLocal<List<object>> scopes = new();

    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        var stack = scopes.Value ??= [];
        stack.Add(state);
        return new Scope(() => stack.Remove(state));
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var scope = scopes.Value is { Count: > 0 } stack ? string.Join(" => ", stack.Select(FormatScope)) + ": " : string.Empty;
        Lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {scope}{formatter(state, exception)}");
    }

    /// <summary>The last <paramref name="count"/> lines, for a failure message.</summary>
    public string Tail(int count = 60) => string.Join(Environment.NewLine, Lines.TakeLast(count));

    private static string FormatScope(object state) => state.ToString() ?? string.Empty;

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
