namespace Memoize.Reconciler.Queue;

/// <summary>
/// A work queue keyed by object (like client-go's): a key waiting in the queue is held once however often it is
/// added, a key is never handed to two workers at once, a key added while it is being processed is handed out
/// again after <see cref="Done"/>, and failed keys come back after an exponential per-key backoff.
/// </summary>
public sealed class RateLimitedWorkQueue<TKey> : IDisposable where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, ITimer> _delayed = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private bool _shuttingDown;

    /// <summary>Creates a queue whose failed keys wait <paramref name="baseDelay"/> doubled per failure, at most <paramref name="maxDelay"/>.</summary>
    public RateLimitedWorkQueue(TimeProvider time, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        _time = time;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    /// <summary>Keys waiting to be handed out (the queue depth metric).</summary>
    public int Count
    {
        get { lock (_gate) { return _ready.Count; } }
    }

    /// <summary>Adds a key to be processed; a key already waiting is not added twice.</summary>
    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(key))
            {
                return;
            }
            if (_processing.Contains(key))
            {
                return; // handed out again by Done
            }
            _ready.Enqueue(key);
        }
        _available.Release();
    }

    /// <summary>Adds a key after a delay; a later call for the same key replaces an earlier pending one.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }
            if (_delayed.Remove(key, out var previous))
            {
                previous.Dispose();
            }
            ITimer? timer = null;
            timer = _time.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    if (_delayed.TryGetValue(key, out var current) && ReferenceEquals(current, timer))
                    {
                        _delayed.Remove(key);
                    }
                }
                timer?.Dispose();
                Add(key);
            }, null, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = timer;
        }
    }

    /// <summary>Adds a key after its backoff: the base delay doubled for each failure since the last <see cref="Forget"/>.</summary>
    public void AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = BackoffFor(failures);
        }
        AddAfter(key, delay);
    }

    /// <summary>The delay the next <see cref="AddRateLimited"/> of this key would wait.</summary>
    public TimeSpan NextBackoff(TKey key)
    {
        lock (_gate)
        {
            return BackoffFor(_failures.GetValueOrDefault(key));
        }
    }

    /// <summary>Clears a key's failure count after it was processed successfully.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>Waits for the next key and marks it as being processed; null once the queue is shut down and drained.</summary>
    public async Task<TKey?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_ready.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
                if (_shuttingDown)
                {
                    _available.Release(); // wake the other takers too
                    return default;
                }
            }
        }
    }

    /// <summary>Marks a key as processed; if it was added meanwhile it is queued again.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_dirty.Contains(key) || _shuttingDown)
            {
                return;
            }
            _ready.Enqueue(key);
        }
        _available.Release();
    }

    /// <summary>Stops accepting keys; takers get the keys already waiting, then null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            foreach (var timer in _delayed.Values)
            {
                timer.Dispose();
            }
            _delayed.Clear();
        }
        _available.Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
    }

    private TimeSpan BackoffFor(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_baseDelay.Ticks * factor, _maxDelay.Ticks));
        return delay;
    }
}
