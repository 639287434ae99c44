namespace Memoize.Kubernetes.Tests.Support;

/// <summary>A clock that moves only when told; its Delay advances it instead of sleeping, and records what was asked.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now;

    public ManualClock(DateTimeOffset start)
    {
        now = start;
    }

    public List<TimeSpan> Delays { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }

    /// <summary>A delay function: records the wait, moves the clock by it, and yields so other work can run.</summary>
    public async Task Delay(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            Delays.Add(wait);
            now += wait;
        }

        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
