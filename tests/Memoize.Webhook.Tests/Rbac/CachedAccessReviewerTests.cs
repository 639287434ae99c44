using Memoize.Testing.Time;
using Memoize.Webhook.Rbac;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Rbac;

public sealed class CachedAccessReviewerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_answer_is_reused_until_its_time_to_live_passes()
    {
        var inner = new FakeAccessReviewer();
        var clock = new ManualTimeProvider(Start);
        var cached = new CachedAccessReviewer(inner, clock, TimeSpan.FromSeconds(30));

        Assert.True(await cached.CanAsync("u", "get", "configmaps", "argo", CancellationToken.None));
        inner.GrantedVerbs.Clear();
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(await cached.CanAsync("u", "get", "configmaps", "argo", CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await cached.CanAsync("u", "get", "configmaps", "argo", CancellationToken.None));
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task Answers_are_kept_apart_by_user_verb_and_namespace()
    {
        var inner = new FakeAccessReviewer();
        var cached = new CachedAccessReviewer(inner, new ManualTimeProvider(Start), TimeSpan.FromSeconds(30));
        await cached.CanAsync("u", "get", "configmaps", "argo", CancellationToken.None);
        await cached.CanAsync("u", "get", "configmaps", "team-a", CancellationToken.None);
        await cached.CanAsync("u", "create", "configmaps", "argo", CancellationToken.None);
        await cached.CanAsync("v", "get", "configmaps", "argo", CancellationToken.None);
        Assert.Equal(4, inner.Calls.Count);
    }

    [Fact]
    public async Task An_unknown_answer_is_not_kept()
    {
        var inner = new FakeAccessReviewer { Fails = true };
        var cached = new CachedAccessReviewer(inner, new ManualTimeProvider(Start), TimeSpan.FromSeconds(30));
        Assert.Null(await cached.CanAsync("u", "get", "configmaps", "argo", CancellationToken.None));
        inner.Fails = false;
        Assert.True(await cached.CanAsync("u", "get", "configmaps", "argo", CancellationToken.None));
    }
}
