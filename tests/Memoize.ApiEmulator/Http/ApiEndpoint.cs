using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Authentication;
using Memoize.ApiEmulator.Authorization;
using Memoize.ApiEmulator.Faults;
using Memoize.ApiEmulator.Registry;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Selectors;
using Memoize.ApiEmulator.Storage;
using Memoize.ApiEmulator.Wire;
using Memoize.ApiEmulator.Yaml;
using Microsoft.AspNetCore.Http;

namespace Memoize.ApiEmulator.Http;

/// <summary>
/// The HTTP adapter: authenticates, applies injected faults, routes, authorizes, decodes the request, calls the
/// registry, and writes the JSON (or the Status error, with Warning headers) the way kube-apiserver does.
/// </summary>
internal sealed class ApiEndpoint
{
    // kube-apiserver refuses request bodies above 3 MiB.
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    private readonly ResourceRegistry registry;
    private readonly UserDirectory users;
    private readonly AuthorizationRules authorization;
    private readonly FaultInjection faults;
    private readonly NamespaceLabels namespaces;
    private readonly CancellationToken shutdown;

    /// <summary>Creates the endpoint.</summary>
    public ApiEndpoint(ResourceRegistry registry, UserDirectory users, AuthorizationRules authorization, FaultInjection faults,
        NamespaceLabels namespaces, CancellationToken shutdown)
    {
        this.registry = registry;
        this.users = users;
        this.authorization = authorization;
        this.faults = faults;
        this.namespaces = namespaces;
        this.shutdown = shutdown;
    }

    /// <summary>Handles one HTTP request.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        RequestContext? context = null;
        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, http.RequestAborted).ConfigureAwait(false);
            }
            var user = users.Authenticate(http.Request.Headers.Authorization.ToString()) ?? throw ApiError.Unauthorized();
            var query = http.Request.Query;
            context = new RequestContext(user)
            {
                UserAgent = NullIfEmpty(http.Request.Headers.UserAgent.ToString()),
                DryRun = DryRun(query["dryRun"].ToString()),
                FieldManager = NullIfEmpty(query["fieldManager"].ToString()),
                FieldValidation = NullIfEmpty(query["fieldValidation"].ToString()),
            };
            var target = RequestTarget.Parse(http.Request.Path.Value ?? "/");
            await DispatchAsync(http, target, context).ConfigureAwait(false);
        }
        catch (ApiError error)
        {
            await WriteErrorAsync(http, error, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || shutdown.IsCancellationRequested)
        {
            // The client went away or the emulator is stopping: nobody is left to answer.
        }
        catch (Exception ex)
        {
            // A bug in the emulator: answer like kube-apiserver's panic recovery, without a stack trace.
            await WriteErrorAsync(http, ApiError.Internal($"emulator error: {ex.GetType().Name}: {ex.Message}"), context).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext http, RequestTarget target, RequestContext context)
    {
        var method = http.Request.Method;
        switch (target.Kind)
        {
            case RequestTargetKind.Version:
                await WriteJsonAsync(http, 200, DiscoveryDocuments.Version(), context).ConfigureAwait(false);
                return;
            case RequestTargetKind.CoreVersions:
                var address = $"{http.Request.Host.Host}:{http.Request.Host.Port ?? 443}";
                await WriteJsonAsync(http, 200, DiscoveryDocuments.CoreVersions(address), context).ConfigureAwait(false);
                return;
            case RequestTargetKind.GroupList:
                await WriteJsonAsync(http, 200, DiscoveryDocuments.GroupList(), context).ConfigureAwait(false);
                return;
            case RequestTargetKind.Group:
                await WriteJsonAsync(http, 200, DiscoveryDocuments.Group(target.Group), context).ConfigureAwait(false);
                return;
            case RequestTargetKind.ResourceList:
                await WriteJsonAsync(http, 200, DiscoveryDocuments.ResourceList(target.Group, target.Version), context).ConfigureAwait(false);
                return;
            case RequestTargetKind.Namespace:
                if (!HttpMethods.IsGet(method))
                {
                    throw ApiError.MethodNotAllowed();
                }
                Fault("get", "namespaces");
                Authorize(context.User, new AccessRequest("get", "", "namespaces", "", "", target.Name), null);
                await WriteJsonAsync(http, 200, DiscoveryDocuments.Namespace(target.Name, namespaces.Get(target.Name)), context).ConfigureAwait(false);
                return;
        }

        var type = target.Type!;
        var verb = Verb(method, target, http.Request.Query);
        Fault(verb, type.Plural);
        Authorize(context.User, new AccessRequest(verb, type.Group, type.Plural, target.Subresource, target.Namespace, target.Name), type);
        if (target.Subresource.Length > 0)
        {
            // Argo's CRDs declare no subresources and the emulated built-ins expose none.
            throw type.IsCustomResource ? ApiError.NotFound(type, target.Name) : ApiError.ResourceNotFound();
        }
        if (!type.IsStored)
        {
            var review = await ReadObjectAsync(http).ConfigureAwait(false);
            await WriteJsonAsync(http, 201, AccessReviews.Answer(type, review, context.User, authorization), context).ConfigureAwait(false);
            return;
        }

        var ct = http.RequestAborted;
        var query = http.Request.Query;
        switch (verb)
        {
            case "get":
                await WriteJsonAsync(http, 200, registry.Get(type, target.Namespace, target.Name), context).ConfigureAwait(false);
                break;
            case "list":
                var limit = int.TryParse(query["limit"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
                var list = registry.List(type, target.Namespace, Labels(query), Fields(query, type), limit, NullIfEmpty(query["continue"].ToString()));
                await WriteJsonAsync(http, 200, list, context).ConfigureAwait(false);
                break;
            case "watch":
                await WatchAsync(http, type, target.Namespace).ConfigureAwait(false);
                break;
            case "create":
                var created = await registry.CreateAsync(type, target.Namespace, await ReadObjectAsync(http).ConfigureAwait(false), context, ct).ConfigureAwait(false);
                await WriteJsonAsync(http, 201, created, context).ConfigureAwait(false);
                break;
            case "update":
                var (updated, wasCreated) = await registry.UpdateAsync(type, target.Namespace, target.Name, await ReadObjectAsync(http).ConfigureAwait(false), context, ct).ConfigureAwait(false);
                await WriteJsonAsync(http, wasCreated ? 201 : 200, updated, context).ConfigureAwait(false);
                break;
            case "patch":
                var patchText = await ReadBodyAsync(http).ConfigureAwait(false);
                var patched = await registry.PatchAsync(type, target.Namespace, target.Name, http.Request.ContentType, patchText, context, ct).ConfigureAwait(false);
                await WriteJsonAsync(http, 200, patched, context).ConfigureAwait(false);
                break;
            case "delete":
                var deleted = await registry.DeleteAsync(type, target.Namespace, target.Name, await ReadDeleteOptionsAsync(http).ConfigureAwait(false), context, ct).ConfigureAwait(false);
                await WriteJsonAsync(http, 200, deleted, context).ConfigureAwait(false);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(http, type, target.Namespace, context).ConfigureAwait(false);
                break;
        }
    }

    private async Task DeleteCollectionAsync(HttpContext http, ResourceType type, string @namespace, RequestContext context)
    {
        var options = await ReadDeleteOptionsAsync(http).ConfigureAwait(false);
        var matching = registry.List(type, @namespace, Labels(http.Request.Query), Fields(http.Request.Query, type), 0, null);
        var deleted = new JsonArray();
        foreach (var item in ((JsonArray)matching["items"]!).OfType<JsonObject>())
        {
            var metadata = WireJson.Metadata(item);
            try
            {
                await registry.DeleteAsync(type, WireJson.GetString(metadata, "namespace") ?? "", WireJson.GetString(metadata, "name") ?? "", options, context, http.RequestAborted).ConfigureAwait(false);
                deleted.Add(item.DeepClone());
            }
            catch (ApiError ex) when (ex.Code == 404)
            {
                // Deleted by someone else meanwhile.
            }
        }
        matching["items"] = deleted;
        await WriteJsonAsync(http, 200, matching, context).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext http, ResourceType type, string @namespace)
    {
        var query = http.Request.Query;
        var version = query["resourceVersion"].ToString();
        long? from = null;
        if (version.Length > 0 && version != "0")
        {
            from = long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw ApiError.BadRequest($"resourceVersion: Invalid value: {GoText.Quote(version)}: must be an unsigned integer");
        }
        var bookmarks = query["allowWatchBookmarks"].ToString() is "true" or "1";
        var watch = registry.Watch(type, @namespace, Labels(query), Fields(query, type), from, bookmarks);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, shutdown);
        if (int.TryParse(query["timeoutSeconds"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timeoutSeconds) && timeoutSeconds > 0)
        {
            lifetime.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        }
        try
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/json";
            http.Response.Headers.CacheControl = "no-cache, private";
            await http.Response.StartAsync(lifetime.Token).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(lifetime.Token).ConfigureAwait(false);
            await foreach (var line in watch.Reader.ReadAllAsync(lifetime.Token).ConfigureAwait(false))
            {
                await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), lifetime.Token).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(lifetime.Token).ConfigureAwait(false);
            }
            if (watch.AbortConnection)
            {
                http.Abort();
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // timeoutSeconds elapsed, the client left, or the emulator is stopping: the stream just ends.
        }
        finally
        {
            registry.Unwatch(watch);
        }
    }

    private static string Verb(string method, RequestTarget target, IQueryCollection query)
    {
        var hasName = target.Name.Length > 0;
        var verb = method switch
        {
            "GET" => hasName ? "get" : query["watch"].ToString() is "true" or "1" ? "watch" : "list",
            "POST" when !hasName => "create",
            "PUT" when hasName => "update",
            "PATCH" when hasName => "patch",
            "DELETE" => hasName ? "delete" : "deletecollection",
            _ => null,
        };
        if (verb is null || !target.Type!.Verbs.Contains(verb))
        {
            throw ApiError.MethodNotAllowed();
        }
        return verb;
    }

    private void Fault(string verb, string resource)
    {
        if (faults.TakeFailure(verb, resource) is { } failure)
        {
            throw failure;
        }
    }

    private void Authorize(EmulatorUser user, AccessRequest request, ResourceType? type)
    {
        if (user.IsClusterAdmin || type == ResourceCatalog.SelfSubjectAccessReviews)
        {
            return;
        }
        var decision = authorization.Decide(user.Username, user.Groups, request);
        if (decision.Allowed)
        {
            return;
        }
        var resource = request.Subresource.Length == 0 ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var where = request.Namespace.Length > 0 ? $"in the namespace {GoText.Quote(request.Namespace)}" : "at the cluster scope";
        var why = $"User {GoText.Quote(user.Username)} cannot {request.Verb} resource {GoText.Quote(resource)} in API group {GoText.Quote(request.ApiGroup)} {where}";
        if (decision.Reason.Length > 0)
        {
            why += ": " + decision.Reason;
        }
        throw ApiError.Forbidden(type ?? new ResourceType { Group = "", Version = "v1", Plural = request.Resource, Kind = "", Namespaced = false, Fields = [] }, request.Name, why);
    }

    private static LabelSelector Labels(IQueryCollection query)
    {
        try
        {
            return LabelSelector.Parse(query["labelSelector"].ToString());
        }
        catch (FormatException ex)
        {
            throw ApiError.BadRequest(ex.Message);
        }
    }

    private static FieldSelector Fields(IQueryCollection query, ResourceType type)
    {
        try
        {
            return FieldSelector.Parse(query["fieldSelector"].ToString(), type);
        }
        catch (FormatException ex)
        {
            throw ApiError.BadRequest(ex.Message);
        }
    }

    private static bool DryRun(string value) => value switch
    {
        "" => false,
        "All" => true,
        _ => throw ApiError.BadRequest($"dryRun: Unsupported value: {GoText.Quote(value)}: supported values: \"All\""),
    };

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw ApiError.RequestEntityTooLarge($"Request entity too large: limit is {MaxBodyBytes}");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw ApiError.RequestEntityTooLarge($"Request entity too large: limit is {MaxBodyBytes}");
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        var text = await ReadBodyAsync(http).ConfigureAwait(false);
        var mediaType = (http.Request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is "application/yaml" or "application/x-yaml" or "text/yaml")
        {
            try
            {
                return YamlDocuments.Read(text).FirstOrDefault() as JsonObject
                       ?? throw ApiError.BadRequest("the request body is not a YAML mapping");
            }
            catch (FormatException ex)
            {
                throw ApiError.BadRequest(ex.Message);
            }
        }
        if (mediaType is not ("application/json" or "*/*" or ""))
        {
            throw ApiError.UnsupportedMediaType(
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }
        if (text.Trim().Length == 0)
        {
            throw ApiError.BadRequest("the request body is empty: send the object as JSON");
        }
        return WireJson.TryParseObject(text, out var error) ?? throw ApiError.BadRequest($"couldn't get version/kind; json parse error: {error}");
    }

    private static async Task<JsonObject?> ReadDeleteOptionsAsync(HttpContext http)
    {
        var text = await ReadBodyAsync(http).ConfigureAwait(false);
        JsonObject? options = null;
        if (text.Trim().Length > 0)
        {
            options = WireJson.TryParseObject(text, out var error) ?? throw ApiError.BadRequest($"couldn't get version/kind; json parse error: {error}");
        }
        var query = http.Request.Query;
        foreach (var field in new[] { "propagationPolicy", "gracePeriodSeconds" })
        {
            if (query[field].ToString() is { Length: > 0 } value)
            {
                options ??= [];
                options[field] = field == "gracePeriodSeconds" && long.TryParse(value, CultureInfo.InvariantCulture, out var seconds)
                    ? JsonValue.Create(seconds)
                    : JsonValue.Create(value);
            }
        }
        return options;
    }

    private static async Task WriteJsonAsync(HttpContext http, int status, JsonObject body, RequestContext? context)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        WriteCommonHeaders(http, context);
        await http.Response.WriteAsync(WireJson.Serialize(body), http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext http, ApiError error, RequestContext? context)
    {
        if (http.Response.HasStarted)
        {
            return;
        }
        http.Response.StatusCode = error.Code;
        foreach (var (name, value) in error.Headers)
        {
            http.Response.Headers[name] = value;
        }
        WriteCommonHeaders(http, context);
        if (error.PlainTextBody is not null)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            await http.Response.WriteAsync(error.PlainTextBody, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(WireJson.Serialize(error.ToStatus()), http.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteCommonHeaders(HttpContext http, RequestContext? context)
    {
        http.Response.Headers.CacheControl = "no-cache, private";
        http.Response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        if (context is null)
        {
            return;
        }
        foreach (var warning in context.Warnings)
        {
            http.Response.Headers.Append("Warning", WarningHeader(warning));
        }
    }

    // RFC 7234 warn-code 299 with the text quoted and its quotes and backslashes escaped, as k8s.io/apiserver/pkg/warning does.
    private static string WarningHeader(string text) =>
        "299 - \"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
