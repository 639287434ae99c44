using Memoize.Kubernetes;
using Memoize.Kubernetes.Informers;
using Memoize.Reconciler.Observability;
using Memoize.Reconciler.Queue;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Controllers;

/// <summary>
/// Turns Workflow informer events into work-queue keys (<c>namespace/name</c>) and, while leading, runs the workers
/// that hand each key to <see cref="WorkflowReconciler"/>; a failed or conflicting reconcile comes back after a
/// per-key exponential backoff.
/// </summary>
public sealed partial class WorkflowController : IDisposable
{
    private readonly WatchedResources _resources;
    private readonly WorkflowReconciler _reconciler;
    private readonly RateLimitedWorkQueue<string> _queue;
    private readonly ReconcilerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the controller and subscribes to the Workflow informers (before they start).</summary>
    public WorkflowController(WatchedResources resources, WorkflowReconciler reconciler, TimeProvider time, ReconcilerMetrics metrics, ILogger logger)
    {
        _resources = resources;
        _reconciler = reconciler;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _queue = new RateLimitedWorkQueue<string>(time, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2));
        metrics.SetQueueDepthSource(() => _queue.Count);
        foreach (var informer in resources.Workflows)
        {
            informer.AddHandler(OnWorkflowEventAsync);
        }
    }

    /// <summary>Keys waiting in the queue.</summary>
    public int QueueDepth => _queue.Count;

    /// <summary>
    /// Runs <paramref name="workers"/> workers until <paramref name="cancellationToken"/> ends the term of leadership,
    /// looking at every Workflow again at the start of the term and every <paramref name="resyncPeriod"/>.
    /// </summary>
    public async Task RunWorkersAsync(int workers, TimeSpan resyncPeriod, CancellationToken cancellationToken)
    {
        await _resources.Synced.WaitAsync(cancellationToken).ConfigureAwait(false);
        // Events seen while standing by were queued too, but a new term looks at everything once.
        EnqueueAll();
        var work = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)).ToList();
        work.Add(ResyncAsync(resyncPeriod, cancellationToken));
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _queue.Dispose();

    private void EnqueueAll()
    {
        foreach (var informer in _resources.Workflows)
        {
            foreach (var key in informer.Keys())
            {
                _queue.Add(key);
            }
        }
    }

    private async Task ResyncAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                EnqueueAll();
            }
        }
        catch (OperationCanceledException)
        {
            // the term ended
        }
    }

    private Task OnWorkflowEventAsync(ResourceEvent change, CancellationToken cancellationToken)
    {
        if (change.Type == ResourceEventType.Deleted)
        {
            _reconciler.Forget(change.Key);
        }
        else
        {
            _queue.Add(change.Key);
        }
        return Task.CompletedTask;
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? key;
            try
            {
                key = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (key is null)
            {
                return; // shut down
            }

            try
            {
                var outcome = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
                if (outcome == ReconcileOutcome.Done)
                {
                    _queue.Forget(key);
                }
                else
                {
                    _queue.AddRateLimited(key);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _queue.Add(key); // the next term picks it up
            }
            catch (Exception ex)
            {
                _metrics.ReconcileErrors.Increment();
                LogFailed(ex, key, _queue.NextBackoff(key).TotalSeconds, ex.Message);
                _queue.AddRateLimited(key);
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconciling Workflow {Key} failed, retrying in {Seconds:0.##} s: {Error}")]
    private partial void LogFailed(Exception exception, string key, double seconds, string error);
}
