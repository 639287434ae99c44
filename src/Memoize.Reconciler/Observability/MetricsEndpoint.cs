using System.Net;
using Memoize.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Observability;

/// <summary>The plain-HTTP endpoint serving <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.</summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address the endpoint listens on (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on <paramref name="endPoint"/>; <paramref name="isReady"/> answers <c>/readyz</c>.</summary>
    public static async Task<MetricsEndpoint> StartAsync(IPEndPoint endPoint, ReconcilerMetrics metrics, Func<bool> isReady, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endPoint));
        builder.Services.AddPrometheusScrapeEndpoint([ReconcilerMetrics.MeterName], _ => metrics.Owns);
        var app = builder.Build();
        app.MapPrometheusScrapeEndpoint();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => isReady()
            ? Results.Text("ok\n")
            : Results.Text("not ready: informers have not synced yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{endPoint}";
        return new MetricsEndpoint(app, new Uri(bound));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
