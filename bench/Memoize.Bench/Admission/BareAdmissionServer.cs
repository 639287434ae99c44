using System.Buffers;
using System.Net;
using System.Security.Authentication;
using System.Text;
using Memoize.Webhook.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Memoize.Bench.Admission;

/// <summary>
/// The baseline: a bare Kestrel endpoint with the webhook's TLS setup (TLS 1.2/1.3, the same kind of in-memory
/// ECDSA P-256 certificate as <c>--dev</c>) that reads the whole body and returns a fixed AdmissionReview. Anything
/// the webhook costs beyond this is the webhook's own work. Runs in its own process, like the webhook.
/// </summary>
public static class BareAdmissionServer
{
    /// <summary>The command-line verb that runs this server (the benchmark starts itself with it).</summary>
    public const string Verb = "admission-bare-server";

    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(
        """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"6972e304-7eb0-42b8-8c08-56e2b396e822","allowed":true}}""");

    /// <summary>Serves on <c>127.0.0.1:PORT</c> (the argument after the verb) until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var certificate = DevCertificate.Create();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ServerCertificateSelector = (_, _) => certificate,
            }));
        });
        await using var app = builder.Build();
        app.MapPost("/validate", AnswerAsync);
        app.MapPost("/mutate", AnswerAsync);
        await app.RunAsync();
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Answer.Length;
        await context.Response.Body.WriteAsync(Answer, context.RequestAborted);
    }
}
