using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Support;

/// <summary>
/// The real webhook host started on 127.0.0.1 port 0 (admission over HTTPS with a test-time certificate in a
/// Secret-like temp directory, health over HTTP), with fakes for the cluster, and clients that speak to it like
/// kube-apiserver does.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private WebhookServer(WebApplication app, TestCertificates certificates, SecretVolume volume, CapturedLogs logs, WebhookDependencies dependencies)
    {
        App = app;
        Certificates = certificates;
        Volume = volume;
        Logs = logs;
        Dependencies = dependencies;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        AdmissionUri = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        HealthUri = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        Admission = NewAdmissionClient();
        Health = new HttpClient { BaseAddress = HealthUri, Timeout = Deadline.Default };
    }

    public WebApplication App { get; }

    public TestCertificates Certificates { get; }

    public SecretVolume Volume { get; }

    public CapturedLogs Logs { get; }

    public WebhookDependencies Dependencies { get; }

    public Uri AdmissionUri { get; }

    public Uri HealthUri { get; }

    /// <summary>An HTTPS client that trusts only the test CA, like kube-apiserver with the caBundle.</summary>
    public HttpClient Admission { get; }

    public HttpClient Health { get; }

    public FakeAccessReviewer? Reviewer => Dependencies.AccessReviewer as FakeAccessReviewer;

    public FakeConfigMapReader? ConfigMaps => Dependencies.ConfigMapReader as FakeConfigMapReader;

    public CacheConfigMapIndex? Index => Dependencies.CacheIndex as CacheConfigMapIndex;

    /// <summary>Starts a server with fakes for every cluster dependency (all verbs granted, no ConfigMaps, an empty synced index).</summary>
    public static Task<WebhookServer> StartAsync(Func<WebhookOptions, WebhookOptions>? configure = null, WebhookDependencies? dependencies = null)
    {
        var options = (configure ?? (o => o))(new WebhookOptions());
        if (dependencies is null)
        {
            var index = new CacheConfigMapIndex(options.CacheNamespacePolicy);
            index.MarkSynced();
            dependencies = new WebhookDependencies(new FakeAccessReviewer(), new FakeConfigMapReader(), index);
        }

        return StartWithAsync(options, dependencies);
    }

    /// <summary>Starts a server with these dependencies, keeping log lines from <paramref name="minimumLevel"/> up.</summary>
    public static async Task<WebhookServer> StartWithAsync(WebhookOptions options, WebhookDependencies dependencies, LogLevel minimumLevel = LogLevel.Information)
    {
        var certificates = new TestCertificates();
        var volume = new SecretVolume(certificates.Issue("memoize-webhook first"));
        var logs = new CapturedLogs();
        options = options with
        {
            AdmissionEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            HealthEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertFile = volume.CertPath,
            TlsKeyFile = volume.KeyPath,
            Dev = false,
        };
        var app = WebhookHost.Build(options, dependencies, logging => logging.AddProvider(logs).SetMinimumLevel(minimumLevel));
        await app.StartAsync();
        return new WebhookServer(app, certificates, volume, logs, dependencies);
    }

    /// <summary>POSTs a body as kube-apiserver does (its recorded headers and the ?timeout= query).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string body, string? contentType = "application/json", HttpClient? client = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path + "?timeout=5s") { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", "kube-apiserver-admission");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, */*");
        return (client ?? Admission).SendAsync(request);
    }

    /// <summary>POSTs and returns the status code and the parsed JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> ReviewAsync(string path, string body, string? contentType = "application/json")
    {
        using var response = await PostAsync(path, body, contentType);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>A new HTTPS client (its own connection pool) trusting the test CA.</summary>
    public HttpClient NewAdmissionClient(bool newConnectionPerRequest = false) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Certificates.Validate(certificate, errors) },
        PooledConnectionLifetime = newConnectionPerRequest ? TimeSpan.Zero : Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = AdmissionUri,
        Timeout = Deadline.Default,
    };

    /// <summary>Does a fresh TLS handshake and returns the SHA-256 thumbprint of the certificate served.</summary>
    public async Task<string> ServedThumbprintAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, AdmissionUri.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Certificates.Validate(certificate, errors),
        });
        using var served = new X509Certificate2(tls.RemoteCertificate!);
        return served.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public async ValueTask DisposeAsync()
    {
        Admission.Dispose();
        Health.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Volume.Dispose();
        Certificates.Dispose();
    }
}
