using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SdnCtl.IntegrationTests.Southbound.Tls;

/// <summary>A logger that keeps every entry and lets a test await the first entry that matches.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<(Func<Entry, bool> Match, TaskCompletionSource<Entry> Done)> _waiters = [];

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new Entry(logLevel, eventId.Id, formatter(state, exception), exception);
        lock (_gate)
        {
            Entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(entry);
            }
        }
    }

    /// <summary>The first entry (already logged or still to come) with event id <paramref name="eventId"/>.</summary>
    public Task<Entry> WaitForAsync(int eventId) => WaitForAsync(e => e.EventId == eventId);

    /// <summary>The first entry (already logged or still to come) that <paramref name="match"/> accepts.</summary>
    public Task<Entry> WaitForAsync(Func<Entry, bool> match)
    {
        lock (_gate)
        {
            if (Entries.FirstOrDefault(match) is { } logged)
            {
                return Task.FromResult(logged);
            }

            var done = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    internal sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);
}
