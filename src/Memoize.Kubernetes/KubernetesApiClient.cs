using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes;

/// <summary>
/// A small Kubernetes API client: get, list, create, update, patch, delete and watch any
/// <see cref="ResourceType"/>, with objects kept as JSON so unknown fields survive. Failures become
/// typed <see cref="KubernetesApiException"/>s; transient ones are retried by the <see cref="RetryPolicy"/>.
/// </summary>
public sealed class KubernetesApiClient : IDisposable
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient http;
    private readonly string baseUrl;

    /// <summary>A client for <paramref name="connection"/> with its own TLS-configured handler.</summary>
    public KubernetesApiClient(ClusterConnection connection, RetryPolicy? retryPolicy = null)
        : this(connection, (connection ?? throw new ArgumentNullException(nameof(connection))).CreateHandler(), retryPolicy)
    {
    }

    /// <summary>A client that sends through <paramref name="handler"/> (tests, in-memory servers); TLS settings of the connection are then the handler's business.</summary>
    public KubernetesApiClient(ClusterConnection connection, HttpMessageHandler handler, RetryPolicy? retryPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        Connection = connection;
        RetryPolicy = retryPolicy ?? RetryPolicy.Default;
        baseUrl = connection.Server.AbsoluteUri.TrimEnd('/');
        http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("memoize", "1.0"));
    }

    /// <summary>The connection this client talks through.</summary>
    public ClusterConnection Connection { get; }

    /// <summary>The namespace of the connection (context namespace or the pod's).</summary>
    public string DefaultNamespace => Connection.Namespace;

    /// <summary>The retry rules in force.</summary>
    public RetryPolicy RetryPolicy { get; }

    /// <summary>How long one request may take before it counts as unanswered (not applied to a running watch stream).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Raised for each warning the server sends with an answer, successful or not (admission webhook warnings,
    /// deprecations), in the order received. Raised on the calling thread; a handler that throws is ignored.
    /// </summary>
    public event Action<ApiWarning>? WarningReceived;

    /// <summary>Reads one object.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public async Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        return await SendForObjectAsync(HttpMethod.Get, type.ObjectPath(@namespace, name), null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists objects in <paramref name="namespace"/> (all namespaces when null), optionally filtered by label and field selectors.</summary>
    public async Task<ResourceList> ListAsync(
        ResourceType type,
        string? @namespace,
        string? labelSelector = null,
        string? fieldSelector = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var query = Query(("labelSelector", labelSelector), ("fieldSelector", fieldSelector));
        var list = await SendForObjectAsync(HttpMethod.Get, type.CollectionPath(@namespace) + query, null, null, cancellationToken).ConfigureAwait(false);
        return ReadList(type, list);
    }

    /// <summary>
    /// Lists one page of at most <paramref name="limit"/> objects; pass the previous page's <see cref="ResourceList.Continue"/>
    /// (null for the first page). Every page of one list reads the first page's resourceVersion.
    /// </summary>
    /// <exception cref="ExpiredException">The continue token is too old (compacted): start the list again.</exception>
    public async Task<ResourceList> ListPageAsync(
        ResourceType type,
        string? @namespace,
        string? labelSelector,
        int limit,
        string? continueToken,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var query = Query(
            ("labelSelector", labelSelector),
            ("limit", limit.ToString(CultureInfo.InvariantCulture)),
            ("continue", continueToken));
        var list = await SendForObjectAsync(HttpMethod.Get, type.CollectionPath(@namespace) + query, null, null, cancellationToken).ConfigureAwait(false);
        return ReadList(type, list);
    }

    /// <summary>Creates <paramref name="obj"/> in the namespace its metadata names; returns the object as stored.</summary>
    /// <exception cref="AlreadyExistsException">An object with that name exists.</exception>
    /// <exception cref="InvalidException">The server rejected the object (see Causes and IsTooLong).</exception>
    public async Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var @namespace = ObjectMetadata.Namespace(obj);
        if (type.Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"metadata.namespace is required to create {type.Plural}", nameof(obj));
        }

        var body = WithTypeFields(type, obj);
        return await SendForObjectAsync(HttpMethod.Post, type.CollectionPath(type.Namespaced ? @namespace : null), body, JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the object (PUT); its metadata.resourceVersion makes this fail with a conflict when someone changed it meanwhile.</summary>
    /// <exception cref="ConflictException">The resourceVersion is stale.</exception>
    public async Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var name = ObjectMetadata.Name(obj);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"metadata.name is required to update {type.Plural}", nameof(obj));
        }

        var path = type.ObjectPath(type.Namespaced ? ObjectMetadata.Namespace(obj) : null, name);
        return await SendForObjectAsync(HttpMethod.Put, path, WithTypeFields(type, obj), JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Patches the object with a JSON merge patch or a JSON patch; returns the patched object.</summary>
    /// <exception cref="InvalidException">A JSON patch <c>test</c> failed, or the result is invalid.</exception>
    public async Task<JsonObject> PatchAsync(
        ResourceType type,
        string? @namespace,
        string name,
        JsonNode patch,
        PatchType patchType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(patch);
        var mediaType = patchType == PatchType.JsonPatch ? "application/json-patch+json" : "application/merge-patch+json";
        return await SendForObjectAsync(HttpMethod.Patch, type.ObjectPath(@namespace, name), patch.ToJsonString(), mediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the object; with <paramref name="resourceVersion"/> only if it is still at that version (else a conflict).</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public async Task DeleteAsync(
        ResourceType type,
        string? @namespace,
        string name,
        string? resourceVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        string? body = null;
        if (resourceVersion is not null)
        {
            body = new JsonObject
            {
                ["kind"] = "DeleteOptions",
                ["apiVersion"] = "v1",
                ["preconditions"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            }.ToJsonString();
        }

        using var timeout = RequestTimeoutSource(cancellationToken);
        using var response = await SendAsync(HttpMethod.Delete, type.ObjectPath(@namespace, name), body, body is null ? null : JsonMediaType, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Watches objects: yields ADDED, MODIFIED, DELETED and BOOKMARK events in the order the server sends them,
    /// and ends when the server closes the stream. An ERROR event is thrown as its typed exception
    /// (<see cref="ExpiredException"/> for 410: list again); a stream cut mid-way throws <see cref="ServerUnreachableException"/>.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ResourceType type,
        string? @namespace,
        WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        options ??= new WatchOptions();
        var query = Query(
            ("watch", "true"),
            ("resourceVersion", options.ResourceVersion),
            ("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null),
            ("timeoutSeconds", options.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture)),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector));
        var path = type.CollectionPath(@namespace) + query;

        // A dead TCP connection sends nothing: give up a little after the server should have closed the watch itself.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.TimeoutSeconds is { } seconds)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(seconds) + TimeSpan.FromSeconds(30));
        }

        using var startTimeout = RequestTimeoutSource(cancellationToken);
        using var response = await SendAsync(HttpMethod.Get, path, null, null, startTimeout.Token, cancellationToken).ConfigureAwait(false);

        // The request timeout covers only the start: a watch stream legitimately stays open for minutes.
        startTimeout.CancelAfter(Timeout.InfiniteTimeSpan);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (true)
            {
                var line = await ReadWatchLineAsync(reader, path, deadline.Token, cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    yield break;
                }

                if (line.Length > 0)
                {
                    yield return ParseWatchLine(line, path);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();

    private async Task<string?> ReadWatchLineAsync(StreamReader reader, string path, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            var line = await reader.ReadLineAsync(deadline).ConfigureAwait(false);
            return line?.Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (IOException ex)
        {
            throw new ServerUnreachableException($"the watch {path} on the Kubernetes API server {baseUrl} was cut off: {Describe(ex)}", ex);
        }
    }

    private static WatchEvent ParseWatchLine(string line, string path)
    {
        JsonObject? frame;
        try
        {
            frame = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            frame = null;
        }

        var typeText = frame?["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var text) ? text : null;
        if (frame is null || typeText is null || frame["object"] is not JsonObject obj)
        {
            throw Malformed($"the watch {path} sent a line that is not a watch event ({{\"type\":...,\"object\":{{...}}}})", line);
        }

        // Detach the object from the frame so callers may put it into other JSON trees.
        frame.Remove("object");
        switch (typeText)
        {
            case "ADDED":
                return new WatchEvent(WatchEventType.Added, obj);
            case "MODIFIED":
                return new WatchEvent(WatchEventType.Modified, obj);
            case "DELETED":
                return new WatchEvent(WatchEventType.Deleted, obj);
            case "BOOKMARK":
                return new WatchEvent(WatchEventType.Bookmark, obj);
            case "ERROR":
                var status = KubernetesStatus.TryFrom(obj)
                    ?? new KubernetesStatus(500, "InternalError", $"the watch {path} sent an ERROR event without a Status: {obj.ToJsonString()}", null, null, [], null);
                throw KubernetesApiException.FromStatus(status, (HttpStatusCode)status.Code);
            default:
                throw Malformed($"the watch {path} sent an event of unknown type \"{typeText}\"", line);
        }
    }

    private static KubernetesApiException Malformed(string message, string body)
    {
        var snippet = body.Length <= 200 ? body : body[..200] + "...";
        return new KubernetesApiException(new KubernetesStatus(500, "InternalError", $"{message}: {snippet}", null, null, [], null), HttpStatusCode.OK);
    }

    private async Task<JsonObject> SendForObjectAsync(HttpMethod method, string pathAndQuery, string? body, string? mediaType, CancellationToken cancellationToken)
    {
        using var timeout = RequestTimeoutSource(cancellationToken);
        try
        {
            using var response = await SendAsync(method, pathAndQuery, body, mediaType, timeout.Token, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                node = null;
            }

            return node as JsonObject ?? throw Malformed($"{method} {pathAndQuery} answered HTTP {(int)response.StatusCode} with a body that is not a JSON object", text);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(method, pathAndQuery, ex);
        }
        catch (IOException ex)
        {
            throw new ServerUnreachableException($"reading the answer to {method} {pathAndQuery} from the Kubernetes API server {baseUrl} failed: {Describe(ex)}", ex);
        }
    }

    /// <summary>Sends with retries; returns a successful response or throws the typed error of the last attempt.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        string? body,
        string? mediaType,
        CancellationToken timeoutToken,
        CancellationToken cancellationToken)
    {
        var triedFreshToken = false;
        for (var attempt = 1; ; attempt++)
        {
            var (response, error) = await SendOnceAsync(method, pathAndQuery, body, mediaType, timeoutToken, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return response;
            }

            // A rotated service account token: read the file again once and repeat the call.
            if (error is UnauthorizedException && !triedFreshToken && Connection.Token?.Refresh() == true)
            {
                triedFreshToken = true;
                attempt--;
                continue;
            }

            var wait = RetryPolicy.DelayBeforeRetry(attempt, method, error!);
            if (wait is null)
            {
                throw error!;
            }

            await RetryPolicy.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt: a successful response, or the typed error it ended with.</summary>
    private async Task<(HttpResponseMessage? Response, KubernetesApiException? Error)> SendOnceAsync(
        HttpMethod method,
        string pathAndQuery,
        string? body,
        string? mediaType,
        CancellationToken timeoutToken,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, baseUrl + pathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        if (Connection.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetToken());
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType ?? JsonMediaType);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return (null, new ServerUnreachableException($"cannot reach the Kubernetes API server {baseUrl} ({method} {pathAndQuery}): {Describe(ex)}", ex));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, TimedOut(method, pathAndQuery, ex));
        }

        RaiseWarnings(response, method, pathAndQuery);
        if (response.IsSuccessStatusCode)
        {
            return (response, null);
        }

        using (response)
        {
            return (null, await ErrorFromAsync(response, timeoutToken).ConfigureAwait(false));
        }
    }

    private void RaiseWarnings(HttpResponseMessage response, HttpMethod method, string pathAndQuery)
    {
        var handler = WarningReceived;
        if (handler is null || !response.Headers.NonValidated.TryGetValues("Warning", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            foreach (var text in WarningHeader.Parse(value))
            {
                try
                {
                    handler(new ApiWarning(text, $"{method} {pathAndQuery}"));
                }
                catch (Exception)
                {
                    // A warning is advisory: a broken listener must not fail the call it came with.
                }
            }
        }
    }

    private static async Task<KubernetesApiException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            body = "";
        }

        return KubernetesApiException.FromResponse(response.StatusCode, response.ReasonPhrase, body, RetryAfterOf(response));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>The messages of an exception and its inner exceptions on one line (HttpClient's own says only "see inner exception").</summary>
    private static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            var message = current.Message.Replace(", see inner exception", "", StringComparison.Ordinal).Trim().TrimEnd('.');
            if (message.Length > 0 && !parts.Contains(message))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }

    private ServerUnreachableException TimedOut(HttpMethod method, string pathAndQuery, Exception inner) =>
        new($"the Kubernetes API server {baseUrl} did not answer {method} {pathAndQuery} within {RequestTimeout.TotalSeconds:0.#} s", inner);

    private CancellationTokenSource RequestTimeoutSource(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(RequestTimeout);
        return source;
    }

    private static string WithTypeFields(ResourceType type, JsonObject obj)
    {
        if (obj["apiVersion"] is not null && obj["kind"] is not null)
        {
            return obj.ToJsonString();
        }

        // Fill in apiVersion and kind on a copy: never change the caller's object behind its back.
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] ??= type.ApiVersion;
        copy["kind"] ??= type.Kind;
        return copy.ToJsonString();
    }

    private static ResourceList ReadList(ResourceType type, JsonObject list)
    {
        var items = new List<JsonObject>();
        if (list["items"] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                // List items come without apiVersion and kind; fill them in so each item stands on its own.
                item["apiVersion"] ??= type.ApiVersion;
                item["kind"] ??= type.Kind;
                items.Add(item);
            }

            array.Clear();
        }

        var metadata = list["metadata"] as JsonObject;
        return new ResourceList(items, MetadataString(metadata, "resourceVersion") ?? "")
        {
            Continue = MetadataString(metadata, "continue") is { Length: > 0 } token ? token : null,
        };
    }

    private static string? MetadataString(JsonObject? metadata, string field) =>
        metadata?[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters
            .Where(parameter => !string.IsNullOrEmpty(parameter.Value))
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value!)}")
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
