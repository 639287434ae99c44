using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Support;

/// <summary>Sends the reconciler's logs to the test's output, so a failing test shows what the reconciler did.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output, string prefix) : ILoggerProvider, ILogger
{
    private volatile bool _disposed;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {prefix} {logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // the test already finished
        }
    }

    /// <inheritdoc />
    public void Dispose() => _disposed = true;
}
