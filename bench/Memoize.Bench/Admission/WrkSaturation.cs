using System.Diagnostics;
using System.Globalization;

namespace Memoize.Bench.Admission;

/// <summary>
/// Saturation: <c>wrk</c> (Debian's package, C and LuaJIT, so the generator takes little of the 2 cores) with a fixed
/// number of keep-alive connections, each sending its next request as soon as the last is answered. Its latencies are
/// closed-loop (they do not include waiting to send); the fixed-rate runs are the latency figures that count.
/// </summary>
public static class WrkSaturation
{
    /// <summary>Keep-alive connections: as many as the measurement used.</summary>
    public const int Connections = 8;

    /// <summary>True when <c>wrk</c> is on the PATH.</summary>
    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, "wrk")));

    /// <summary>Runs <c>wrk -t1 -c8</c> for <paramref name="duration"/> against <paramref name="url"/> with <paramref name="body"/>.</summary>
    public static async Task<LoadResult> RunAsync(ServerProcess server, Uri url, byte[] body, TimeSpan duration)
    {
        var bodyFile = Path.GetTempFileName();
        var scriptFile = Path.ChangeExtension(Path.GetTempFileName(), ".lua");
        await File.WriteAllBytesAsync(bodyFile, body);
        await File.WriteAllTextAsync(scriptFile, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            local f = io.open("{{bodyFile}}", "rb")
            wrk.body = f:read("*all")
            f:close()
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
                summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
            end
            """);
        try
        {
            var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-t1", $"-c{Connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", scriptFile, url.ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            var cpuBefore = server.CpuTime;
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("could not start wrk");
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            var cpuAfter = server.CpuTime;
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result: {output}{await wrk.StandardError.ReadToEndAsync()}");
            var f = line.Split(' ').Skip(1).Select(part => double.Parse(part, CultureInfo.InvariantCulture)).ToArray();
            var (requests, errors, micros) = ((long)f[0], (long)f[1], f[2]);
            var answered = requests - errors;
            return new LoadResult(answered, errors, micros / 1e6, f[3] / 1000, f[4] / 1000, f[5] / 1000, answered == 0 ? double.NaN : (cpuAfter - cpuBefore).TotalMilliseconds * 1000 / answered);
        }
        finally
        {
            File.Delete(bodyFile);
            File.Delete(scriptFile);
        }
    }
}
