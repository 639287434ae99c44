namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>Waits on a condition with a deadline instead of sleeping.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="what"/> after 10 s.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after 10 s waiting until {what}.");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>Awaits <paramref name="task"/>; fails with <paramref name="what"/> after 10 s.</summary>
    public static async Task<T> WithinDeadline<T>(Task<T> task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
        if (finished != task)
        {
            throw new Xunit.Sdk.XunitException($"Timed out after 10 s waiting for {what}.");
        }
        return await task;
    }
}
