using System.Globalization;
using Memoize.Bench.Admission;

namespace Memoize.Bench.Growth;

/// <summary>
/// <c>growth</c> (sustained part): the webhook's resident memory under minutes of steady admission load. The webhook's
/// Release build runs in its own process (<c>--dev</c>, no cluster), takes 200 reviews a second open-loop, the four
/// admission bodies in turn, and its RSS is sampled every half second. The baseline is the RSS at the end of the first
/// window (after start-up and JIT); every later window is a ratio against it, so a leak shows as a climbing ratio.
/// </summary>
public static class SustainedLoadBenchmark
{
    // Below the webhook's capacity even on a shared, busy machine (at 1,000/s a full run on 2 cores at load average 20
    // left 12% of requests unanswered, which measures queueing, not memory), and still far above the admission rate
    // of a real cluster's Workflows.
    private const int Rate = 200;
    private const int Connections = 16;
    private const int Windows = 5;

    /// <summary>Runs the load and prints the table; returns 1 only when the webhook cannot be started (failed requests are reported, not judged).</summary>
    public static async Task<int> RunAsync(bool quick)
    {
        // Full: 5 minutes in 10 s runs, a row a minute. Quick: 20 s in 2 s runs, a row every 4 s.
        var runLength = TimeSpan.FromSeconds(quick ? 2 : 10);
        var runsPerWindow = quick ? 2 : 6;
        var webhookDll = Path.Combine(AdmissionBodies.RepositoryRoot(), "src", "Memoize.Webhook", "bin", "Release", "net10.0", "Memoize.Webhook.dll");
        if (!File.Exists(webhookDll))
        {
            Console.Error.WriteLine($"{webhookDll} is missing: build it with dotnet build src/Memoize.Webhook -c Release");
            return 1;
        }

        var bodies = new (string Path, byte[] Body)[]
        {
            ("/validate", AdmissionBodies.SmallWorkflow()),
            ("/validate", AdmissionBodies.WorkflowWithTemplates(100)),
            ("/validate", AdmissionBodies.UnchangedSpecUpdate(100)),
            ("/mutate", AdmissionBodies.PlainConfigMap()),
        };
        var ports = AdmissionLoadBenchmark.FreePorts(2);
        using var webhook = await ServerProcess.StartAsync(
            "webhook",
            [webhookDll, "--dev", "--admission-address", $"127.0.0.1:{ports[0]}", "--health-address", $"127.0.0.1:{ports[1]}"],
            ports[0],
            bodies[0].Body);
        // Warm-up, not measured: every body once, so the first window is not the JIT's.
        foreach (var (path, body) in bodies)
        {
            await OpenLoopLoad.RunAsync(webhook, new Uri($"https://127.0.0.1:{webhook.Port}{path}"), body, Rate, TimeSpan.FromSeconds(quick ? 0.5 : 1), Connections);
        }

        var idle = webhook.ResidentBytes;
        var total = TimeSpan.FromTicks(runLength.Ticks * runsPerWindow * Windows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sustained load: the webhook (--dev, own process) at {Rate:N0} reviews/s open-loop for {total.TotalMinutes:0.#} min, the four admission bodies in turn ({runLength.TotalSeconds:0} s each); RSS sampled every 0.5 s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RSS after start and a warm-up per body: {Mib(idle)} MiB"));
        Console.WriteLine("    window (end)   answered   failed   worst p99 ms   RSS at end MiB   peak RSS MiB   RSS ratio");

        var peak = idle;
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(stopSampling.Token).ConfigureAwait(false))
            {
                var now = webhook.ResidentBytes;
                if (now > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, now);
                }
            }
        });

        long baseline = 0;
        long resident = 0;
        long failed = 0;
        var run = 0;
        for (var window = 1; window <= Windows; window++)
        {
            long answered = 0;
            long windowFailed = 0;
            var worstP99 = 0.0;
            for (var i = 0; i < runsPerWindow; i++, run++)
            {
                var (path, body) = bodies[run % bodies.Length];
                var result = await OpenLoopLoad.RunAsync(webhook, new Uri($"https://127.0.0.1:{webhook.Port}{path}"), body, Rate, runLength, Connections);
                answered += result.Requests;
                windowFailed += result.Failed;
                worstP99 = Math.Max(worstP99, result.P99Ms);
            }

            resident = webhook.ResidentBytes;
            baseline = window == 1 ? resident : baseline;
            failed += windowFailed;
            var end = TimeSpan.FromTicks(runLength.Ticks * runsPerWindow * window);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {(quick ? $"{end.TotalSeconds:0} s" : $"{end.TotalMinutes:0} min"),12} {answered,10:N0} {windowFailed,8:N0} {P99(worstP99),14} {Mib(resident),16} {Mib(Interlocked.Read(ref peak)),14} {(double)resident / baseline,10:0.00}x"));
        }

        await stopSampling.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
            // The sampler stops here.
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  RSS at the end against the end of the first window (baseline): {(double)resident / baseline:0.00}x ({(resident - baseline) / 1048576.0:+0.0;-0.0} MiB); peak {Mib(Interlocked.Read(ref peak))} MiB; after warm-up {Mib(idle)} MiB"));
        if (quick)
        {
            Console.WriteLine("  (--quick: 20 s, not 5 minutes: too short to show slow growth)");
        }

        Console.WriteLine(failed == 0 ? "  every request answered" : $"  {failed:N0} requests failed or unanswered");
        Console.WriteLine();
        return 0;
    }

    private static string Mib(double bytes) => (bytes / 1048576).ToString("0.0", CultureInfo.InvariantCulture);

    private static string P99(double ms) => double.IsPositiveInfinity(ms) ? "unanswered" : ms.ToString("0.00", CultureInfo.InvariantCulture);
}
