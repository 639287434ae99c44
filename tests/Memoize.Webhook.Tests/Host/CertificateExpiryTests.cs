using System.Net;
using System.Security.Cryptography.X509Certificates;
using Memoize.Testing.Time;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Host;

/// <summary>A serving certificate near or past its end shows in the log and on /readyz before admission breaks.</summary>
public sealed class CertificateExpiryTests
{
    private static async Task<(WebhookServer Server, ManualTimeProvider Clock, DateTimeOffset NotAfter)> StartAsync()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var index = new CacheConfigMapIndex(new WebhookOptions().CacheNamespacePolicy);
        index.MarkSynced();
        var server = await WebhookServer.StartWithAsync(
            new WebhookOptions { CertificateRecheckInterval = TimeSpan.FromHours(12) },
            new WebhookDependencies(new FakeAccessReviewer(), new FakeConfigMapReader(), index) { Time = clock });
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(server.Volume.CertPath));
        return (server, clock, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }

    private static IEnumerable<CapturedLog> ExpiryWarnings(WebhookServer server) =>
        server.Logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Serving certificate CN=memoize-webhook first expire", StringComparison.Ordinal));

    [Fact]
    public async Task A_certificate_with_more_than_a_week_left_is_ready_and_not_warned_about()
    {
        var (server, _, _) = await StartAsync();
        await using var _ = server;

        Assert.Equal("ok\n", await server.Health.GetStringAsync("/readyz"));
        Assert.Empty(ExpiryWarnings(server));
    }

    [Fact]
    public async Task A_certificate_within_a_week_of_its_end_is_warned_about_once_and_stays_ready()
    {
        var (server, clock, notAfter) = await StartAsync();
        await using var _ = server;

        clock.Advance(TimeSpan.FromDays(4));
        clock.Advance(TimeSpan.FromDays(1));

        // The re-check runs every 12 hours: the first one inside the last week (about 3 days in) warns, later ones do not.
        var warning = Assert.Single(ExpiryWarnings(server));
        var expected = new System.Text.RegularExpressions.Regex(
            $"^Serving certificate CN=memoize-webhook first expires at {System.Text.RegularExpressions.Regex.Escape(notAfter.UtcDateTime.ToString("o"))}, in (?<hours>[0-9]+) hours: it was not renewed; renew it before then or admission fails$");
        var match = expected.Match(warning.Message);
        Assert.True(match.Success, warning.Message);
        Assert.InRange(int.Parse(match.Groups["hours"].Value, System.Globalization.CultureInfo.InvariantCulture), 156, 167);
        Assert.Equal("ok\n", await server.Health.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task An_expired_certificate_makes_readyz_fail_with_what_to_do()
    {
        var (server, clock, notAfter) = await StartAsync();
        await using var _ = server;

        clock.Advance(TimeSpan.FromDays(11));

        using var response = await server.Health.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            $"serving certificate expired at {notAfter:yyyy-MM-ddTHH:mm:ssZ}: kube-apiserver refuses its TLS handshake; renew the certificate in the Secret behind {Path.GetFullPath(server.Volume.CertPath)} (cert-manager: kubectl -n memoize-system describe certificate)\n",
            await response.Content.ReadAsStringAsync());
    }
}
