namespace Memoize.Cli.Tests.Support;

/// <summary>A clock that always says the same time, so ages and certificate dates are predictable.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;
}
