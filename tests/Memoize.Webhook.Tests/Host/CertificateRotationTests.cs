using System.Collections.Concurrent;
using System.Net;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Host;

/// <summary>The serving certificate is reloaded from the Secret volume while requests run, including the kubelet's ..data symlink swap.</summary>
public sealed class CertificateRotationTests
{
    [Fact]
    public async Task A_symlink_swap_during_a_loop_of_requests_drops_none_and_the_new_certificate_is_served()
    {
        await using var server = await WebhookServer.StartAsync(o => o with { CertificateRecheckInterval = TimeSpan.FromSeconds(1) });
        var first = await server.ServedThumbprintAsync();
        var next = server.Certificates.Issue("memoize-webhook second", validDays: 20);
        var body = Fixtures.Admission("workflow-create-kubectl-apply.json");
        var failures = new ConcurrentQueue<string>();
        var succeeded = 0;
        using var stop = new CancellationTokenSource();

        // Four clients, each opening a new connection (new handshake) per request, bounded in count.
        var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = server.NewAdmissionClient(newConnectionPerRequest: true);
            for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await server.PostAsync("/validate", body, client: client);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || text != Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"))
                    {
                        failures.Enqueue($"{response.StatusCode}: {text}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.ToString());
                }

                Interlocked.Increment(ref succeeded);
            }
        })).ToList();

        await Deadline.WaitUntilAsync(() => Volatile.Read(ref succeeded) >= 20, "20 requests went through before the swap");
        server.Volume.Swap(next);
        await Deadline.WaitUntilAsync(async () => await server.ServedThumbprintAsync() == next.Thumbprint, "the new certificate is served");
        var atSwap = Volatile.Read(ref succeeded);
        await Deadline.WaitUntilAsync(() => Volatile.Read(ref succeeded) >= atSwap + 20 || loops.All(l => l.IsCompleted), "20 more requests went through after the swap");
        await stop.CancelAsync();
        await Deadline.Within(Task.WhenAll(loops).ContinueWith(_ => true, TaskScheduler.Default), "the request loops to end");

        Assert.NotEqual(first, next.Thumbprint);
        Assert.Empty(failures);
        Assert.Equal(
            $"{next.NotAfter.ToUnixTimeSeconds()}",
            (await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_certificate_expiry_timestamp_seconds"));
    }

    [Fact]
    public void An_invalid_new_pair_keeps_the_old_certificate_and_says_why()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.Issue("first");
        using var volume = new SecretVolume(pair);
        var logs = new CapturedLogs();
        using var serving = ServingCertificate.FromFiles(volume.CertPath, volume.KeyPath, TimeSpan.FromHours(1), TimeProvider.System, logs.CreateLogger("test"));
        Assert.Equal(1, serving.Generation);

        volume.CorruptCertificate();
        Assert.False(serving.Reload());
        Assert.Equal(pair.Thumbprint, serving.Current!.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.StartsWith($"{volume.CertPath} and {volume.KeyPath} are not a matching PEM certificate and private key (", serving.LastError, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("Serving certificate not reloaded, still serving the previous one:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_with_another_pair_s_key_is_refused()
    {
        using var certificates = new TestCertificates();
        var first = certificates.Issue("first");
        var second = certificates.Issue("second");
        using var volume = new SecretVolume(first);
        using var serving = ServingCertificate.FromFiles(volume.CertPath, volume.KeyPath, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);

        volume.Swap(second with { KeyPem = first.KeyPem });
        Assert.False(serving.Reload());
        Assert.Equal(first.Thumbprint, serving.Current!.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        volume.Swap(second);
        serving.Reload(); // the directory watcher may have taken it already
        Assert.Equal(2, serving.Generation);
        Assert.Equal(second.Thumbprint, serving.Current!.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Equal(second.NotAfter, serving.NotAfter);
    }

    [Fact]
    public void Unchanged_files_are_not_reloaded()
    {
        using var certificates = new TestCertificates();
        using var volume = new SecretVolume(certificates.Issue("first"));
        using var serving = ServingCertificate.FromFiles(volume.CertPath, volume.KeyPath, TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance);
        Assert.False(serving.Reload());
        Assert.Equal(1, serving.Generation);
    }

    [Fact]
    public async Task Missing_files_leave_the_webhook_not_ready_with_the_reason()
    {
        var directory = Path.Combine(Path.GetTempPath(), "memoize-missing-" + Guid.NewGuid().ToString("N"));
        var options = new WebhookOptions
        {
            AdmissionEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            HealthEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertFile = Path.Combine(directory, "tls.crt"),
            TlsKeyFile = Path.Combine(directory, "tls.key"),
        };
        var app = WebhookHost.Build(options, WebhookDependencies.NoCluster, logging => logging.AddProvider(new CapturedLogs()));
        await app.StartAsync();
        try
        {
            var health = new Uri(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal)));
            using var client = new HttpClient { BaseAddress = health };
            using var response = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.StartsWith($"serving certificate not loaded: cannot read {options.TlsCertFile} and {options.TlsKeyFile}: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
