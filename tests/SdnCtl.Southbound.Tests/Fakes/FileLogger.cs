using Microsoft.Extensions.Logging;

namespace SdnCtl.Southbound.Tests.Fakes;

/// <summary>
/// Appends the server's log to the file named by SOUTHBOUND_TEST_LOG, for diagnosing a failing
/// test locally (the test host swallows console output); silent when the variable is unset.
/// </summary>
internal sealed class FileLogger : ILogger
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("SOUTHBOUND_TEST_LOG");
    private static readonly Lock Gate = new();

    public static bool Enabled => !string.IsNullOrEmpty(Path);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => Enabled;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!Enabled)
        {
            return;
        }

        string line = $"{DateTime.UtcNow:HH:mm:ss.fff} [{Environment.CurrentManagedThreadId}] {logLevel} {eventId.Id} {formatter(state, exception)} {exception}{Environment.NewLine}";
        lock (Gate)
        {
            File.AppendAllText(Path!, line);
        }
    }
}
