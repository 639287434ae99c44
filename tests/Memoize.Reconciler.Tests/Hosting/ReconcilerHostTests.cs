using System.Net;
using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;
using Memoize.Testing.Metrics;

namespace Memoize.Reconciler.Tests.Hosting;

public sealed class ReconcilerHostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_running_reconciler_serves_metrics_health_and_readiness()
    {
        var host = await _cluster.StartReconcilerAsync();
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string> { ["hello"] = Fixtures.ArgoEntry });
        using var http = new HttpClient { BaseAddress = host.MetricsAddress, Timeout = TestCluster.Deadline };

        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        var size = Fixtures.ArgoEntry.Length; // ASCII: bytes = characters
        PrometheusScrape? metrics = null;
        await TestCluster.Eventually(async () =>
        {
            metrics = await PrometheusScrape.GetAsync(http);
            return metrics.Value("memoize_cache_configmap_bytes", ("namespace", "argo"), ("name", "greeting-cache")) == $"{size}";
        }, "the cache ConfigMap's size in /metrics");
        Assert.Equal("1", metrics!.Value("memoize_reconciler_leader"));
        Assert.Equal("1048576", metrics.Value("memoize_cache_configmap_limit_bytes"));
        Assert.Equal("921600", metrics.Value("memoize_cache_size_budget_bytes"));
        Assert.Equal("0", metrics.Value("memoize_reconciler_queue_depth"));
    }

    [Fact]
    public async Task A_stopped_reconciler_closes_its_metrics_endpoint()
    {
        var host = await _cluster.StartReconcilerAsync();
        var address = host.MetricsAddress!;

        await host.StopAsync();

        using var http = new HttpClient { Timeout = TestCluster.Deadline };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(address, "/healthz")));
        Assert.False(host.IsLeader);
    }
}
