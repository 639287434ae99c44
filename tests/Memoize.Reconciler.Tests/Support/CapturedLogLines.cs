using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Tests.Support;

/// <summary>
/// Keeps every log line at every level as a console logger would write it in full: the formatted message, each
/// structured field, the scopes' fields and the exception with its stack, so a test can search all of it.
/// </summary>
public sealed class CapturedLogLines : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every line so far, as level, category and all its text.</summary>
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Lines { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }
            owner._scopes.ForEachScope((scope, builder) => builder.Append(" scope=").Append(scope), text);
            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }
            owner.Lines.Enqueue((logLevel, category, text.ToString()));
        }
    }
}
