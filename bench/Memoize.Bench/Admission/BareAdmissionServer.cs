using System.Buffers;
using System.Net;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Memoize.Webhook.Admission;
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
/// Two more modes measure what reading the body as JSON costs by itself (issue 11's floors): <c>tokenize</c> runs
/// one <see cref="Utf8JsonReader"/> pass over it (the least any server that checks the JSON must do), <c>parse</c>
/// checks it as the webhook does before any rule runs (UTF-8, then a <see cref="JsonDocument"/> with its depth limit
/// and duplicate keys refused). Their throughput is the ceiling of a webhook that reads the whole review that way.
/// </summary>
public static class BareAdmissionServer
{
    /// <summary>The command-line verb that runs this server (the benchmark starts itself with it).</summary>
    public const string Verb = "admission-bare-server";

    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(
        """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"6972e304-7eb0-42b8-8c08-56e2b396e822","allowed":true}}""");

    /// <summary>What the server does with the body before its fixed answer.</summary>
    public enum Mode
    {
        /// <summary>Reads it, nothing more: the baseline.</summary>
        Read,

        /// <summary>Reads it, then one <see cref="Utf8JsonReader"/> pass over it.</summary>
        Tokenize,

        /// <summary>Reads it, then checks and parses it as the webhook does before its rules.</summary>
        Parse,
    }

    /// <summary>Serves on <c>127.0.0.1:PORT</c> (the argument after the verb; then the mode, <c>read</c> when absent) until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var mode = args.Length > 2 ? Enum.Parse<Mode>(args[2], ignoreCase: true) : Mode.Read;
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
        RequestDelegate answer = mode == Mode.Read ? AnswerAsync : context => AnswerAfterJsonAsync(context, mode);
        app.MapPost("/validate", answer);
        app.MapPost("/mutate", answer);
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

    // The body into one pooled array (kube-apiserver always sends Content-Length), then the JSON work of the mode.
    private static async Task AnswerAfterJsonAsync(HttpContext context, Mode mode)
    {
        var length = (int)(context.Request.ContentLength ?? 0);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = 0;
            int count;
            while (read < length && (count = await context.Request.Body.ReadAsync(buffer.AsMemory(read, length - read), context.RequestAborted)) > 0)
            {
                read += count;
            }

            if (!ReadJson(buffer.AsMemory(0, read), mode))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
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

    private static bool ReadJson(ReadOnlyMemory<byte> body, Mode mode)
    {
        try
        {
            if (mode == Mode.Tokenize)
            {
                var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = AdmissionHttpAdapter.MaxDepth });
                while (reader.Read())
                {
                }

                return true;
            }

            if (!Utf8.IsValid(body.Span))
            {
                return false;
            }

            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = AdmissionHttpAdapter.MaxDepth, AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
