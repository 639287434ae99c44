using System.Net;

namespace Memoize.Bench.Admission;

/// <summary>The HTTP client of the open-loop generator: HTTP/1.1 keep-alive over TLS, as kube-apiserver calls webhooks.</summary>
public static class LoadClient
{
    /// <summary>A client with at most <paramref name="connections"/> keep-alive connections; the test certificate is accepted.</summary>
    public static HttpClient Create(int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        };
        // The servers use throw-away self-signed certificates on loopback.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }
}
