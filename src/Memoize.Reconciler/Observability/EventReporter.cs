using System.Collections.Concurrent;
using k8s.Models;
using Memoize.Kubernetes.Resources;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Observability;

/// <summary>
/// Records Kubernetes Events for problems a person must see, once per object, reason and message: a
/// reconcile that runs again does not repeat the Event, and a failure to record never fails the reconcile.
/// </summary>
public sealed partial class EventReporter
{
    private const int MaxRemembered = 10000;
    private readonly EventRecorder? _recorder;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    /// <summary>Creates a reporter that records through <paramref name="recorder"/> (null: log only).</summary>
    public EventReporter(EventRecorder? recorder, ILogger logger)
    {
        _recorder = recorder;
        _logger = logger;
    }

    /// <summary>
    /// Records a Warning Event about <paramref name="regarding"/> unless the same one was reported before; true when
    /// reported now. <paramref name="counter"/>, when given, counts the problem once, before the Event is sent.
    /// </summary>
    public async Task<bool> WarnAsync(V1ObjectReference regarding, string reason, string action, string note, CancellationToken cancellationToken,
        MetricCounter? counter = null)
    {
        var identity = $"{regarding.Kind}/{regarding.NamespaceProperty}/{regarding.Name}/{regarding.Uid}/{reason}/{note}";
        if (_reported.Count > MaxRemembered)
        {
            _reported.Clear(); // bounded memory: at worst an old Event is repeated once
        }
        if (!_reported.TryAdd(identity, 0))
        {
            return false;
        }
        counter?.Increment();
        LogProblem(regarding.Kind, regarding.NamespaceProperty ?? "", regarding.Name, reason);
        if (_recorder is null)
        {
            return true;
        }
        try
        {
            await _recorder.RecordAsync(regarding, EventType.Warning, reason, action, note, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(ex, reason, regarding.Kind, regarding.NamespaceProperty ?? "", regarding.Name, ex.Message);
            return false;
        }
    }

    /// <summary>Forgets what was reported about one object (it was deleted), so memory stays bounded by live objects.</summary>
    public void Forget(string kind, string? @namespace, string name)
    {
        var prefix = $"{kind}/{@namespace}/{name}/";
        foreach (var key in _reported.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _reported.TryRemove(key, out _);
        }
    }

    // Without the note: notes quote keys and, for malformed entries, the entry itself (Argo's text). The Event keeps
    // the note behind the same RBAC as the object; logs reach more readers.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Namespace}/{Name}: {Reason} (the Event says what: kubectl get events)")]
    private partial void LogProblem(string kind, string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record a {Reason} Event on {Kind} {Namespace}/{Name}: {Error}")]
    private partial void LogRecordFailed(Exception exception, string reason, string kind, string @namespace, string name, string error);
}
