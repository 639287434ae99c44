using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>A real HTTP(S) server on 127.0.0.1, port chosen by the OS, answering with <c>handler</c>.</summary>
internal sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackApiServer(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts the server; with <paramref name="serverCertificate"/> it speaks TLS, and with <paramref name="clientCa"/> it demands a client certificate from that CA.</summary>
    public static async Task<LoopbackApiServer> StartAsync(RequestDelegate handler, X509Certificate2? serverCertificate = null, X509Certificate2? clientCa = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is null)
            {
                return;
            }

            listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                if (clientCa is not null)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, clientCa);
                }
            });
        }));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var url = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return new LoopbackApiServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        return chain.Build(certificate);
    }
}
