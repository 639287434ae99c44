namespace Memoize.Kubernetes.Tests.Support;

/// <summary>Waits on a task or a condition with a deadline, failing the test clearly instead of hanging.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"timed out after {Deadline.TotalSeconds} s waiting for {what}");
            throw;
        }
    }

    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"timed out after {Deadline.TotalSeconds} s waiting for {what}");
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most the deadline.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {Deadline.TotalSeconds} s waiting for {what}");
            await Task.Delay(5);
        }
    }
}
