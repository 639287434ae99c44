using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using System.Text.Json;
using FsCheck.Fluent;
using Memoize.Webhook.Tests.Admission;
using Memoize.Webhook.Tests.Cluster;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Host;

/// <summary>
/// <c>make soak</c>, the webhook side: the real program (a child process serving a Secret-like certificate directory)
/// takes <c>SOAK_MINUTES</c> of steady admission load, every recorded AdmissionReview and FsCheck-generated hostile
/// ones mixed, while its serving certificate is rotated every 30 s the way the kubelet updates a mounted Secret.
/// Every answer is checked (a recorded review: 200 answering its uid; a hostile one: a clean 4xx Status or an
/// answer to its uid); not one may fail, including across rotations. Figures go to <c>SOAK_WEBHOOK_REPORT</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WebhookSoakTests(ITestOutputHelper output)
{
    private const int Workers = 2;
    private const int HostilePool = 200;
    private static readonly TimeSpan RotationPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(100); // a steady load, not a benchmark: leave CPU for the reconciler side

    [SoakFact]
    public async Task Recorded_and_hostile_reviews_for_minutes_with_certificate_rotations_never_fail()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("SOAK_MINUTES")!, CultureInfo.InvariantCulture);
        using var certificates = new TestCertificates();
        using var volume = new SecretVolume(certificates.Issue("memoize-webhook soak 0"));
        var (admission, health) = (ConfinedProcess.FreeLoopbackAddress(), ConfinedProcess.FreeLoopbackAddress());
        using var webhook = WebhookProcess.Start(["--admission-address", admission, "--health-address", health, "--tls-cert-file", volume.CertPath, "--tls-key-file", volume.KeyPath]);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Deadline.WaitUntilAsync(async () =>
        {
            try
            {
                return (await probe.GetAsync($"http://{health}/readyz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the webhook to get ready", TimeSpan.FromSeconds(60));

        var recorded = Fixtures.AdmissionReviewNames().Where(n => Fixtures.Admission(n).Contains("\"kind\":\"AdmissionReview\"", StringComparison.Ordinal))
            .Select(n => (Name: n, Body: Encoding.UTF8.GetBytes(Fixtures.Admission(n)), Uid: Fixtures.AdmissionJson(n)["request"]!["uid"]!.GetValue<string>())).ToList();
        var hostile = HostileReviewPropertyTests.HostileCase().Sample(HostilePool, HostilePool).ToList();

        // Connections live one second, so handshakes keep happening through every rotation.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificates.Validate(certificate, errors) },
            PooledConnectionLifetime = TimeSpan.FromSeconds(1),
        })
        { BaseAddress = new Uri($"https://{admission}"), Timeout = TimeSpan.FromSeconds(30) };

        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromMinutes(minutes);
        long recordedOk = 0, hostileOk = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long rssStart = 0;
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            using var round = new PeriodicTimer(Round);
            var next = worker;
            while (clock.Elapsed < until)
            {
                for (var i = 0; i < 4; i++, next += Workers)
                {
                    var review = recorded[next % recorded.Count];
                    var path = next % 2 == 0 ? "/validate" : "/mutate";
                    var problem = await SendAsync(client, path, review.Body, (status, mediaType, text) =>
                        status == 200 && text.Contains($"\"uid\":\"{review.Uid}\"", StringComparison.Ordinal) ? null : $"{status}: {Shorten(text)}");
                    Count(problem, ref recordedOk, $"{review.Name} on {path}");
                    var generated = hostile[next % hostile.Count];
                    problem = await SendAsync(client, generated.Endpoint, generated.Body, (status, mediaType, text) =>
                        HostileReviewPropertyTests.Judge(generated, status, mediaType, text));
                    Count(problem, ref hostileOk, generated.Description);
                }
                await round.WaitForNextTickAsync();
            }
        })).ToList();

        void Count(string? problem, ref long ok, string what)
        {
            if (problem is null)
            {
                Interlocked.Increment(ref ok);
            }
            else
            {
                failures.Enqueue($"{clock.Elapsed:mm\\:ss} {what}: {problem}");
            }
        }

        // Rotate the serving certificate every 30 s while the load runs; each rotation must be served, no request may fail.
        var rotations = 0;
        using (var rotation = new PeriodicTimer(RotationPeriod))
        {
            while (clock.Elapsed + RotationPeriod < until && await rotation.WaitForNextTickAsync())
            {
                if (rssStart == 0)
                {
                    rssStart = Rss(webhook.Id); // after the first 30 s of load: warmed up
                }
                var pair = certificates.Issue($"memoize-webhook soak {++rotations}");
                volume.Swap(pair);
                await Deadline.WaitUntilAsync(async () => await ServedThumbprintAsync(admission, certificates) == pair.Thumbprint, $"rotation {rotations} to be served", TimeSpan.FromSeconds(30));
            }
        }
        await Task.WhenAll(workers);
        var rssEnd = Rss(webhook.Id);

        var errorLines = webhook.Stdout.Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)).ToList();
        var report = string.Create(CultureInfo.InvariantCulture,
            $"webhook soak: {clock.Elapsed.TotalMinutes:0.0} min, {recordedOk + hostileOk + failures.Count} admission reviews ({recorded.Count} recorded fixtures and {HostilePool} generated hostile ones, " +
            $"/validate and /mutate), {recordedOk} recorded answered 200 with their uid, {hostileOk} hostile answered a clean 4xx or their uid, {failures.Count} failed; " +
            $"{rotations} serving certificate rotations; {errorLines.Count} error log lines; RSS {rssStart / 1024} MiB (after 30 s) -> {rssEnd / 1024} MiB");
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SOAK_WEBHOOK_REPORT") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, report + "\n" + string.Join('\n', failures.Take(20).Concat(errorLines.Take(10))) + "\n");
        }

        Assert.True(webhook.IsRunning, "the webhook exited");
        Assert.True(failures.IsEmpty, $"{failures.Count} reviews failed:\n" + string.Join('\n', failures.Take(20)));
        Assert.True(errorLines.Count == 0, "the webhook logged errors:\n" + string.Join('\n', errorLines.Take(10)));
        Assert.True(rotations >= 1 || minutes < 1, "no rotation happened");
    }

    private static async Task<string?> SendAsync(HttpClient client, string path, byte[] body, Func<int, string?, string, string?> judge)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await client.PostAsync(path + "?timeout=10s", content);
            var text = await response.Content.ReadAsStringAsync();
            return judge((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            return $"no answer ({e.GetType().Name}: {e.Message})";
        }
    }

    private static async Task<string> ServedThumbprintAsync(string address, TestCertificates certificates)
    {
        var (host, port) = (address[..address.IndexOf(':', StringComparison.Ordinal)], int.Parse(address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(host, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificates.Validate(certificate, errors),
        });
        using var served = new System.Security.Cryptography.X509Certificates.X509Certificate2(tls.RemoteCertificate!);
        return served.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
    }

    // Resident memory in KiB, as /proc reports it.
    private static long Rss(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
