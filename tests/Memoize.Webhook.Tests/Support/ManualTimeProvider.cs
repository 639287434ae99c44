using System.Collections.Concurrent;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Tests.Support;

/// <summary>A clock that moves only when told.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
