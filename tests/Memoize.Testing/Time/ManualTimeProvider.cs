namespace Memoize.Testing.Time;

/// <summary>A clock that moves only when a test says so; its timers fire, in due order, while it moves.</summary>
/// <remarks>A fixed clock is one that is never advanced.</remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now;

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    /// <summary>Every wait asked of <see cref="AdvancingDelay"/>, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate) { return [.. _delays]; }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) { return _now; }
    }

    /// <summary>Moves the clock forward and fires every timer that became due, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate) { target = _now + by; }
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.DueAt;
                _timers.Remove(next);
            }
            next.Fire();
        }
    }

    /// <summary>
    /// A delay function that does not wait: it moves the clock by <paramref name="wait"/> itself and yields, so a
    /// loop that backs off (leader election, informer relists) runs through simulated time at full speed.
    /// </summary>
    public async Task AdvancingDelay(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) { _delays.Add(wait); }
        Advance(wait);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                _timers.Add(timer);
            }
        }
    }

    private void Cancel(ManualTimer timer)
    {
        lock (_gate) { _timers.Remove(timer); }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                owner.Schedule(this, _period);
            }
            callback(state);
        }

        public void Dispose() => owner.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
