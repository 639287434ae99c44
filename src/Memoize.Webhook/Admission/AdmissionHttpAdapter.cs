using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Memoize.Core.Objects;
using Memoize.Webhook.Metrics;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Admission;

/// <summary>
/// The HTTP side of an admission endpoint (controller-runtime's <c>http.go</c>): checks the Content-Type, the body
/// size and nesting depth, the AdmissionReview version, then hands the request to the handler and writes its answer.
/// Bad input gets a 4xx with a Kubernetes <c>Status</c> body, never a 500 with a stack trace.
/// </summary>
public sealed class AdmissionHttpAdapter
{
    /// <summary>The default body limit: 3 MiB, kube-apiserver's own limit on a request body.</summary>
    public const int DefaultMaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted; an AdmissionReview of any real object stays far below it.</summary>
    public const int MaxDepth = 64;

    /// <summary>The only AdmissionReview version served.</summary>
    public const string ReviewApiVersion = "admission.k8s.io/v1";

    private readonly string _endpoint;
    private readonly IAdmissionHandler _handler;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxBodyBytes;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? answerBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? answerWriter;

    /// <summary>Creates the adapter for the endpoint named <paramref name="endpoint"/> (<c>validate</c> or <c>mutate</c>).</summary>
    public AdmissionHttpAdapter(string endpoint, IAdmissionHandler handler, WebhookMetrics metrics, ILogger logger, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        _endpoint = endpoint;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>Answers one HTTP request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = context.RequestAborted;
        // The body sits in a pooled buffer and the JSON over it in pooled metadata, both given back once the answer
        // is out: a handler has read all it reads of the review by then (it returns before the answer is written).
        var body = default(RequestBody);
        JsonDocument? document = null;
        try
        {
            AdmissionRequest request;
            try
            {
                CheckContentType(context.Request.ContentType);
                body = await ReadBodyAsync(context.Request, cancellationToken);
                document = ParseJson(body.Bytes);
                var requestJson = RequestOf(document.RootElement);
                try
                {
                    request = AdmissionRequest.Parse(requestJson);
                }
                catch (AdmissionInputException e) when (JsonProperties.String(requestJson, "uid"u8) is { Length: > 0 } uidText)
                {
                    // The review is readable enough to answer in kind: a well-formed denial the API server can show.
                    Reject(started, e);
                    await WriteReviewAsync(context.Response, AdmissionResponse.Rejected(e.Message), uidText, cancellationToken);
                    return;
                }
            }
            catch (AdmissionInputException e)
            {
                Reject(started, e);
                await WriteJsonAsync(context.Response, e.StatusCode, KubernetesStatus(e.StatusCode, e.Message), cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var response = await _handler.HandleAsync(request, cancellationToken);
            await WriteReviewAsync(context.Response, response, request.Uid, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The API server gave up (its timeout) or went away: nobody is left to answer.
        }
        finally
        {
            document?.Dispose();
            body.Return();
        }
    }

    private void Reject(long started, AdmissionInputException e)
    {
        _metrics.RecordReview(_endpoint, "", "", AdmissionVerdict.Rejected, Stopwatch.GetElapsedTime(started).TotalSeconds, 0);
        _logger.LogWarning("Rejected a request to /{Endpoint} with {StatusCode}: {Problem}", _endpoint, e.StatusCode, e.Message);
    }

    private static JsonElement RequestOf(JsonElement review)
    {
        // Read-only JSON all the way: a handler that wants nodes builds them for the parts it reads.
        if (review.ValueKind != JsonValueKind.Object
            || JsonProperties.String(review, "kind"u8) != "AdmissionReview"
            || JsonProperties.String(review, "apiVersion"u8) is not { } apiVersion)
        {
            throw new AdmissionInputException(400, "the request body is not an AdmissionReview: expected a JSON object with \"apiVersion\": \"admission.k8s.io/v1\" and \"kind\": \"AdmissionReview\"");
        }

        if (apiVersion != ReviewApiVersion)
        {
            throw new AdmissionInputException(400, $"AdmissionReview {apiVersion} is not served: this webhook speaks only admission.k8s.io/v1; set admissionReviewVersions: [\"v1\"] in the webhook configuration");
        }

        if (!review.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
        {
            throw new AdmissionInputException(400, "the AdmissionReview has no request: kube-apiserver always sends one; send a review whose request has a uid, kind, operation and object");
        }

        return request;
    }

    private static void CheckContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            throw new AdmissionInputException(415, "the Content-Type header is missing: send the AdmissionReview as JSON with Content-Type: application/json");
        }

        // What kube-apiserver sends, exactly: no header parsing for it.
        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var isJson = MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && string.Equals(mediaType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            && (mediaType.CharSet is null || string.Equals(mediaType.CharSet, "utf-8", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
        {
            throw new AdmissionInputException(415, $"Content-Type \"{contentType}\" is not supported: send the AdmissionReview as JSON with Content-Type: application/json");
        }
    }

    private async Task<RequestBody> ReadBodyAsync(HttpRequest httpRequest, CancellationToken cancellationToken)
    {
        var body = await ReadBodyBytesAsync(httpRequest, cancellationToken);
        if (body.Length == 0)
        {
            body.Return();
            throw new AdmissionInputException(400, "the request body is empty: send an admission.k8s.io/v1 AdmissionReview as JSON");
        }

        return body;
    }

    private async Task<RequestBody> ReadBodyBytesAsync(HttpRequest httpRequest, CancellationToken cancellationToken)
    {
        if (httpRequest.ContentLength > _maxBodyBytes)
        {
            await RefuseTooLargeAsync(httpRequest, cancellationToken);
        }

        if (httpRequest.ContentLength is { } contentLength)
        {
            return await ReadExactlyAsync(httpRequest, (int)contentLength, cancellationToken);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await httpRequest.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > _maxBodyBytes)
                {
                    await RefuseTooLargeAsync(httpRequest, cancellationToken);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            httpRequest.HttpContext.Response.Headers.Connection = "close";
            throw TooLarge();
        }

        return new RequestBody(buffer.ToArray(), (int)buffer.Length, Rented: false);
    }

    // With Content-Length (kube-apiserver always sends it) the body goes straight into a pooled array of at least its
    // size: no growing buffer, no copy, and no new array per review. Kestrel ends the body at the declared length.
    private async Task<RequestBody> ReadExactlyAsync(HttpRequest httpRequest, int length, CancellationToken cancellationToken)
    {
        var body = new RequestBody(ArrayPool<byte>.Shared.Rent(Math.Max(length, 1)), 0, Rented: true);
        try
        {
            int read;
            while (body.Length < length && (read = await httpRequest.Body.ReadAsync(body.Buffer.AsMemory(body.Length, length - body.Length), cancellationToken)) > 0)
            {
                body = body with { Length = body.Length + read };
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Return();
            httpRequest.HttpContext.Response.Headers.Connection = "close";
            throw TooLarge();
        }
        catch
        {
            body.Return();
            throw;
        }

        return body;
    }

    // A client that sends the whole body before it reads (kube-apiserver does; it sends no Expect: 100-continue)
    // never sees an answer if the connection is reset under it: the reset throws away the answer it had not read
    // yet. So the rest of the body is read and dropped, up to the limit again (Kestrel's own limit is twice ours),
    // and then the 413 goes out with Connection: close, which ends the connection after the client has it.
    private async Task RefuseTooLargeAsync(HttpRequest httpRequest, CancellationToken cancellationToken)
    {
        httpRequest.HttpContext.Response.Headers.Connection = "close";
        if (httpRequest.ContentLength is not { } length || length <= DrainLimit(_maxBodyBytes))
        {
            var sink = new byte[81920];
            try
            {
                while (await httpRequest.Body.ReadAsync(sink, cancellationToken) > 0)
                {
                }
            }
            catch (BadHttpRequestException)
            {
                // Past Kestrel's own limit: nothing more is read, the answer still goes out.
            }
        }

        throw TooLarge();
    }

    /// <summary>How many bytes Kestrel lets a request send: the admission limit twice, so that a body over the limit is read to its end and answered.</summary>
    public static long DrainLimit(int maxBodyBytes) => 2L * maxBodyBytes;

    private AdmissionInputException TooLarge() =>
        new(413, $"the request body is larger than {_maxBodyBytes} bytes, the limit kube-apiserver itself puts on a request; no AdmissionReview is that large, so check what sent it");

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> memory)
    {
        var body = memory.Span;
        // System.Text.Json checks UTF-8 inside strings only when a string is read, well after parsing: checked here,
        // it is a 400 naming the byte rather than an exception in the handler.
        if (!Utf8.IsValid(body))
        {
            throw new AdmissionInputException(400, $"the request body is not valid JSON (invalid UTF-8 at byte {FirstInvalidUtf8(body)}): send an admission.k8s.io/v1 AdmissionReview as JSON");
        }

        try
        {
            // A JsonObject cannot hold a key twice (it throws when the key is first looked at, deep in a handler);
            // kube-apiserver re-encodes every object, so a duplicate key never comes from it: a 400 here.
            // Over the body itself (no copy), with pooled metadata: disposed once the answer is written.
            return JsonDocument.Parse(memory, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            if (DeepestNesting(body) > MaxDepth)
            {
                throw new AdmissionInputException(400, $"the request body is nested deeper than {MaxDepth} levels, the limit for an AdmissionReview; no Kubernetes object is that deep, so check what sent it");
            }

            throw new AdmissionInputException(400, $"the request body is not valid JSON ({e.Message}): send an admission.k8s.io/v1 AdmissionReview as JSON");
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length)
        {
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    // Reads tokens without building a tree (no recursion), up to the first syntax error, and reports the deepest level seen.
    private static int DeepestNesting(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = body.Length + 1 });
        var deepest = 0;
        try
        {
            while (reader.Read())
            {
                deepest = Math.Max(deepest, reader.CurrentDepth + 1);
            }
        }
        catch (JsonException)
        {
            // The depth reached before the syntax error is what counts.
        }

        return deepest;
    }

    /// <summary>The request body: in a pooled array when <c>Rented</c>, to give back with <see cref="Return"/>.</summary>
    private readonly record struct RequestBody(byte[] Buffer, int Length, bool Rented)
    {
        public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

        public void Return()
        {
            if (Rented && Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }

    private static JsonObject KubernetesStatus(int code, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = code switch
        {
            413 => "RequestEntityTooLarge",
            415 => "UnsupportedMediaType",
            _ => "BadRequest",
        },
        ["code"] = code,
    };

    private static async Task WriteJsonAsync(HttpResponse response, int statusCode, JsonObject body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(AdmissionJson.Options));
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken);
    }

    // The answer is written with a Utf8JsonWriter into a buffer kept per thread, then copied into the response's
    // own buffer before the first await, so the next review on this thread can reuse it: no node, string or array
    // per answer.
    private static Task WriteReviewAsync(HttpResponse response, AdmissionResponse answer, string uid, CancellationToken cancellationToken)
    {
        var buffer = answerBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = answerWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AdmissionJson.Options.Encoder });
        writer.Reset(buffer);
        answer.WriteReview(writer, uid);
        writer.Flush();
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        var body = response.BodyWriter;
        buffer.WrittenSpan.CopyTo(body.GetSpan(buffer.WrittenCount));
        body.Advance(buffer.WrittenCount);
        return FlushAsync(body, cancellationToken);
    }

    private static async Task FlushAsync(System.IO.Pipelines.PipeWriter body, CancellationToken cancellationToken) => await body.FlushAsync(cancellationToken);
}
