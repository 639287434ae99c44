using System.Net;
using Memoize.Reconciler.Observability;
using Memoize.Testing.Metrics;

namespace Memoize.Reconciler.Tests.Observability;

public class MetricsEndpointTests
{
    [Fact]
    public async Task Serves_metrics_health_and_readiness_on_a_loopback_port()
    {
        using var metrics = new ReconcilerMetrics();
        metrics.Stores.Increment();
        var ready = false;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var endpoint = await MetricsEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), metrics, () => ready, cancel.Token);
        using var http = new HttpClient { BaseAddress = endpoint.Address, Timeout = TimeSpan.FromSeconds(10) };

        var scrape = await http.GetAsync(new Uri("/metrics", UriKind.Relative), cancel.Token);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scrape.Content.Headers.ContentType!.ToString());
        Assert.Equal("1", PrometheusScrape.Parse(await scrape.Content.ReadAsStringAsync(cancel.Token)).Value("memoize_cache_stores_total"));

        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), cancel.Token));
        var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancel.Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("not ready: informers have not synced yet\n", await notReady.Content.ReadAsStringAsync(cancel.Token));

        ready = true;
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/readyz", UriKind.Relative), cancel.Token));
    }
}
