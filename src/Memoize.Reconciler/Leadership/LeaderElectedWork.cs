using Memoize.Kubernetes.LeaderElection;
using Memoize.Reconciler.Observability;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Leadership;

/// <summary>
/// Runs work only while this replica holds the Lease: the work starts when leadership is won and is cancelled
/// when it is lost (renewal failed past the deadline) or released at shutdown. Standby replicas keep their
/// informers warm, so a takeover starts at once.
/// </summary>
public sealed partial class LeaderElectedWork
{
    private readonly LeaderElector _elector;
    private readonly Func<CancellationToken, Task> _work;
    private readonly ReconcilerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private Task _current = Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/> for each term of leadership won by <paramref name="elector"/>.</summary>
    public LeaderElectedWork(LeaderElector elector, Func<CancellationToken, Task> work, ReconcilerMetrics metrics, ILogger logger)
    {
        _elector = elector;
        _work = work;
        _metrics = metrics;
        _logger = logger;
        _elector.OnStartedLeading += StartedLeading;
        _elector.OnStoppedLeading += StoppedLeading;
        _elector.ErrorOccurred += ex => LogElectionError(ex.Message);
    }

    /// <summary>True while this replica leads.</summary>
    public bool IsLeader => _elector.IsLeader;

    /// <summary>Competes for the Lease until cancelled, then waits for the current work to stop (the Lease is released).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _elector.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Task current;
            lock (_gate)
            {
                current = _current;
            }
            await current.ConfigureAwait(false);
        }
    }

    private void StartedLeading(CancellationToken leadership)
    {
        _metrics.SetLeader(true);
        LogStarted(_elector.Identity);
        lock (_gate)
        {
            var previous = _current;
            _current = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false); // never two terms of work at once
                try
                {
                    await _work(leadership).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (leadership.IsCancellationRequested)
                {
                    // the term ended
                }
                catch (Exception ex)
                {
                    LogWorkFailed(ex, ex.Message);
                }
            }, CancellationToken.None);
        }
    }

    private void StoppedLeading()
    {
        _metrics.SetLeader(false);
        LogStopped(_elector.Identity);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is now the leader: reconciling and collecting garbage")]
    private partial void LogStarted(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading: workers and garbage collection stopped")]
    private partial void LogStopped(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election: {Error}")]
    private partial void LogElectionError(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "leader work failed: {Error}")]
    private partial void LogWorkFailed(Exception exception, string error);
}
