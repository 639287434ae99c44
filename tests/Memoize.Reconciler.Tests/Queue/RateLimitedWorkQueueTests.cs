using Memoize.Reconciler.Queue;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.Reconciler.Tests.Queue;

public class RateLimitedWorkQueueTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));

    private RateLimitedWorkQueue<string> NewQueue() => new(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private static async Task<string?> TakeWithin(RateLimitedWorkQueue<string> queue)
    {
        using var cancel = new CancellationTokenSource(Deadline);
        return await queue.TakeAsync(cancel.Token);
    }

    [Fact]
    public async Task A_key_added_twice_while_waiting_is_handed_out_once()
    {
        using var queue = NewQueue();
        queue.Add("argo/wf-a");
        queue.Add("argo/wf-a");
        queue.Add("argo/wf-b");

        Assert.Equal(2, queue.Count);
        Assert.Equal("argo/wf-a", await TakeWithin(queue));
        Assert.Equal("argo/wf-b", await TakeWithin(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_processing_is_handed_out_again_only_after_done()
    {
        using var queue = NewQueue();
        queue.Add("argo/wf-a");
        var taken = await TakeWithin(queue);

        queue.Add("argo/wf-a");
        Assert.Equal(0, queue.Count); // not handed to a second worker while the first holds it

        queue.Done(taken!);
        Assert.Equal(1, queue.Count);
        Assert.Equal("argo/wf-a", await TakeWithin(queue));
    }

    [Fact]
    public async Task A_failed_key_comes_back_after_a_doubling_backoff_until_forgotten()
    {
        using var queue = NewQueue();
        Assert.Equal(TimeSpan.FromSeconds(1), queue.NextBackoff("k"));

        queue.AddRateLimited("k");
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        queue.Done((await TakeWithin(queue))!);

        queue.AddRateLimited("k");
        Assert.Equal(TimeSpan.FromSeconds(4), queue.NextBackoff("k"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);

        queue.Forget("k");
        Assert.Equal(TimeSpan.FromSeconds(1), queue.NextBackoff("k"));
    }

    [Fact]
    public void The_backoff_is_capped()
    {
        using var queue = NewQueue();
        for (var i = 0; i < 40; i++)
        {
            queue.AddRateLimited("k");
        }
        Assert.Equal(TimeSpan.FromSeconds(30), queue.NextBackoff("k"));
    }

    [Fact]
    public async Task Shut_down_hands_out_waiting_keys_then_null_and_ignores_new_ones()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");

        Assert.Equal("a", await TakeWithin(queue));
        Assert.Null(await TakeWithin(queue));
        Assert.Null(await TakeWithin(queue));
    }

    [Fact]
    public async Task A_waiting_taker_gets_a_key_added_later()
    {
        using var queue = NewQueue();
        var take = TakeWithin(queue);
        Assert.False(take.IsCompleted);

        queue.Add("argo/wf-a");

        Assert.Equal("argo/wf-a", await take);
    }
}
