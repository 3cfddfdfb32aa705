using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.Messaging.Tests;

/// <summary>Keeps what a probe logs (Information and above), so a test can read what an operator would.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, string Message)> _entries = new();

    /// <summary>The messages logged under a category whose name ends with <paramref name="categorySuffix"/>, in order.</summary>
    public IReadOnlyList<string> Messages(string categorySuffix) =>
        [.. _entries.Where(e => e.Category.EndsWith(categorySuffix, StringComparison.Ordinal)).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<(string Category, string Message)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue((category, formatter(state, exception)));
            }
        }
    }
}
