using Xunit.Sdk;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Waits on things with a deadline (10 s, generous for a real cluster) and fails saying what did not happen.</summary>
internal static class Deadline
{
    /// <summary>How long any single wait may take.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Awaits <paramref name="task"/>; fails naming <paramref name="what"/> when it takes longer than the limit.</summary>
    public static async Task WaitAsync(Task task, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(Limit)) != task)
        {
            throw new XunitException($"Timed out after {Limit.TotalSeconds:0} s waiting for {what}.");
        }

        await task;
    }

    /// <summary>Awaits <paramref name="task"/> and returns its result; fails naming <paramref name="what"/> when it takes longer than the limit.</summary>
    public static async Task<T> WaitAsync<T>(Task<T> task, string what)
    {
        await WaitAsync((Task)task, what);
        return await task;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and <paramref name="state"/> after the limit.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var detail = state is null ? "" : $" (state: {state()})";
                throw new XunitException($"Timed out after {Limit.TotalSeconds:0} s waiting until {what}{detail}.");
            }

            await Task.Delay(20);
        }
    }
}
