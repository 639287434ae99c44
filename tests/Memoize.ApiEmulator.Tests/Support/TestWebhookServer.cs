using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tls;
using Memoize.Testing.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>A small admission webhook for tests: Kestrel on 127.0.0.1:0 over TLS, answering with a function of the review.</summary>
public sealed class TestWebhookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedReview> received = new();

    private TestWebhookServer(WebApplication app, Func<ReceivedReview, Task<IResult>> respond)
    {
        this.app = app;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var review = new ReceivedReview(http.Request.Path + http.Request.QueryString, headers, (JsonObject)JsonNode.Parse(body)!);
            received.Enqueue(review);
            var result = await respond(review);
            await result.ExecuteAsync(http);
        });
    }

    /// <summary>The server's base URL (https://127.0.0.1:port).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The reviews received so far, in order.</summary>
    public IReadOnlyList<ReceivedReview> Received => received.ToList();

    /// <summary>
    /// Starts a webhook serving a certificate from <paramref name="authority"/> for <paramref name="hostNames"/>
    /// (127.0.0.1 when none), answering every request with <paramref name="respond"/>.
    /// </summary>
    public static async Task<TestWebhookServer> StartAsync(TestCertificateAuthority authority, Func<ReceivedReview, Task<IResult>> respond, params string[] hostNames)
    {
        var certificate = authority.IssueServerCertificate(hostNames.Length == 0 ? ["127.0.0.1"] : hostNames);
        return await StartAsync(certificate, respond);
    }

    /// <summary>Starts a webhook serving <paramref name="certificate"/>.</summary>
    public static async Task<TestWebhookServer> StartAsync(X509Certificate2 certificate, Func<ReceivedReview, Task<IResult>> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var server = new TestWebhookServer(builder.Build(), respond);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
