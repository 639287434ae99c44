using System.Diagnostics.Metrics;
using System.Net;
using Memoize.Testing.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.Observability.Tests;

/// <summary>A bare Kestrel host on a loopback port serving only <see cref="PrometheusScrapeEndpoint"/>, scraped over HTTP.</summary>
internal sealed class ScrapedHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScrapedHost(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    /// <summary>The host's own meter factory (its meters are the host's, as the webhook's are).</summary>
    public IMeterFactory MeterFactory => _app.Services.GetRequiredService<IMeterFactory>();

    public static async Task<ScrapedHost> StartAsync(IReadOnlyCollection<string> meterNames, Func<IServiceProvider, Func<Instrument, bool>> selectExported)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddMetrics();
        builder.Services.AddPrometheusScrapeEndpoint(meterNames, selectExported);
        var app = builder.Build();
        app.MapPrometheusScrapeEndpoint();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScrapedHost(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) });
    }

    public Task<PrometheusScrape> ScrapeAsync() => PrometheusScrape.GetAsync(Http);

    public async Task<string> ScrapeTextAsync() => await Http.GetStringAsync(new Uri(PrometheusScrapeEndpoint.Path, UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
