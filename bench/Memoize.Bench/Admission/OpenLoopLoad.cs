using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Memoize.Bench.Admission;

/// <summary>
/// Sends at a fixed rate whatever the server does (open loop), and measures each request from the moment it was
/// due, not from when it was sent: a stall delays every request scheduled during it, and all of them count
/// (correcting for coordinated omission, as wrk2 does). Requests not answered when the run ends count as infinitely slow.
/// </summary>
public static class OpenLoopLoad
{
    /// <summary>How long after the last scheduled request the run waits for answers.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/> at <paramref name="rate"/> per second for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> RunAsync(ServerProcess server, Uri url, byte[] body, int rate, TimeSpan duration, int connections)
    {
        using var client = LoadClient.Create(connections);
        // Open the connections before the clock starts: kube-apiserver keeps them open too.
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => SendAsync(client, url, body, CancellationToken.None)));

        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new long[total];
        Array.Fill(latencies, long.MaxValue);
        var failed = 0L;
        var pending = new Task[total];
        using var stop = new CancellationTokenSource();
        var cpuBefore = server.CpuTime;
        var start = Stopwatch.GetTimestamp();

        // A dedicated thread keeps the schedule even when the thread pool is busy with answers.
        var dispatcher = new Thread(() =>
        {
            var sent = 0;
            while (sent < total)
            {
                var due = (int)Math.Min(total, ((Stopwatch.GetTimestamp() - start) * rate / Stopwatch.Frequency) + 1);
                for (; sent < due; sent++)
                {
                    var index = sent;
                    var intended = start + (index * Stopwatch.Frequency / rate);
                    pending[index] = Task.Run(async () =>
                    {
                        if (await SendAsync(client, url, body, stop.Token))
                        {
                            latencies[index] = Stopwatch.GetTimestamp() - intended;
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }
                    });
                }

                Thread.Sleep(1);
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        dispatcher.Join();

        var all = Task.WhenAll(pending);
        await Task.WhenAny(all, Task.Delay(Grace));
        var cpuAfter = server.CpuTime;
        await stop.CancelAsync();
        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
            // Counted below as unanswered.
        }

        var answered = latencies.LongCount(latency => latency != long.MaxValue);
        Array.Sort(latencies);
        return new LoadResult(
            answered,
            total - answered,
            duration.TotalSeconds,
            Percentile(latencies, 50),
            Percentile(latencies, 99),
            Percentile(latencies, 99.9),
            answered == 0 ? double.NaN : (cpuAfter - cpuBefore).TotalMilliseconds * 1000 / answered);
    }

    private static double Percentile(long[] sorted, double percentile)
    {
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        var ticks = sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        return ticks == long.MaxValue ? double.PositiveInfinity : ticks * 1000.0 / Stopwatch.Frequency;
    }

    private static async Task<bool> SendAsync(HttpClient client, Uri url, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}
