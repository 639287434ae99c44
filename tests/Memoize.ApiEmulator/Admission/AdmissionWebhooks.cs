using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Patching;
using Memoize.ApiEmulator.Registry;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Storage;
using Memoize.ApiEmulator.Wire;
using Memoize.ApiEmulator.Yaml;

namespace Memoize.ApiEmulator.Admission;

/// <summary>
/// Dynamic admission as kube-apiserver runs it: the stored Mutating- and ValidatingWebhookConfigurations decide which
/// webhooks see a CREATE, UPDATE or DELETE; mutating webhooks run in order (configurations by name) and their JSON
/// Patches are applied; validating webhooks all run after object validation. Denials, call failures and
/// failurePolicy become the same Status answers, and warnings the same <c>Warning</c> headers, as on a real cluster.
/// </summary>
public sealed class AdmissionWebhooks
{
    private readonly ObjectStore store;
    private readonly NamespaceLabels namespaces;
    private readonly WebhookClient client;
    private readonly ConcurrentDictionary<(string Namespace, string Name, int Port), Uri> services = new();
    private readonly ConcurrentQueue<AdmissionCall> calls = new();

    internal AdmissionWebhooks(ObjectStore store, NamespaceLabels namespaces)
    {
        this.store = store;
        this.namespaces = namespaces;
        client = new WebhookClient((ns, name, port) => services.GetValueOrDefault((ns, name, port)));
    }

    /// <summary>Stores a configuration object (create or replace), with kube-apiserver's defaults and validation.</summary>
    internal Func<ResourceType, JsonObject, Task>? Apply { get; set; }

    /// <summary>Every webhook call made so far, in order.</summary>
    public IReadOnlyList<AdmissionCall> Calls => calls.ToList();

    /// <summary>Forgets the recorded calls.</summary>
    public void ClearCalls() => calls.Clear();

    /// <summary>
    /// Sends calls for <c>clientConfig.service</c> {<paramref name="namespace"/>, <paramref name="name"/>,
    /// <paramref name="port"/>} to <paramref name="target"/> (a test server on loopback). The server certificate must
    /// still be valid for <c>name.namespace.svc</c>, as on a cluster.
    /// </summary>
    public void MapService(string @namespace, string name, Uri target, int port = 443) =>
        services[(@namespace, name, port)] = target;

    /// <summary>
    /// Applies every ValidatingWebhookConfiguration and MutatingWebhookConfiguration in <paramref name="yaml"/>
    /// (other kinds are skipped, so a whole manifests file can be given), creating or replacing them.
    /// With <paramref name="caBundlePem"/>, every webhook's caBundle is set to it (what cert-manager's CA injector does).
    /// Returns the applied objects as <c>resource/name</c>. Throws <see cref="FormatException"/> for broken YAML and
    /// <see cref="InvalidOperationException"/> with the API server's message when a configuration is rejected.
    /// </summary>
    public IReadOnlyList<string> ApplyManifestYaml(string yaml, string? caBundlePem = null)
    {
        var applied = new List<string>();
        foreach (var document in YamlDocuments.Read(yaml).OfType<JsonObject>())
        {
            var type = ResourceCatalog.FindByKind(WireJson.GetString(document, "apiVersion") ?? "", WireJson.GetString(document, "kind") ?? "");
            if (type != ResourceCatalog.ValidatingWebhookConfigurations && type != ResourceCatalog.MutatingWebhookConfigurations)
            {
                continue;
            }
            if (caBundlePem is not null && document["webhooks"] is JsonArray webhooks)
            {
                var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(caBundlePem));
                foreach (var webhook in webhooks.OfType<JsonObject>())
                {
                    if (webhook["clientConfig"] is JsonObject clientConfig)
                    {
                        clientConfig["caBundle"] = encoded;
                    }
                }
            }
            try
            {
                (Apply ?? throw new InvalidOperationException("The emulator is not started."))(type!, document).GetAwaiter().GetResult();
            }
            catch (ApiError ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }
            applied.Add($"{type!.Plural}/{WireJson.GetString(WireJson.GetObject(document, "metadata"), "name")}");
        }
        return applied;
    }

    /// <summary>Runs the mutating webhooks that match; updates <see cref="AdmissionAttributes.Object"/> with their patches.</summary>
    internal async Task MutateAsync(AdmissionAttributes attributes, RequestContext context, CancellationToken cancellationToken)
    {
        if (!Admits(attributes.Type))
        {
            return;
        }
        foreach (var (configuration, webhook) in Webhooks(ResourceCatalog.MutatingWebhookConfigurations))
        {
            if (!WebhookMatcher.Matches(webhook, attributes, namespaces.Get(attributes.Namespace)))
            {
                continue;
            }
            var result = await CallAsync(configuration, webhook, attributes, mutating: true, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                continue;
            }
            AddWarnings(result, context);
            ThrowIfDenied(webhook, result);
            ApplyPatch(webhook, result, attributes);
        }
    }

    /// <summary>Runs the validating webhooks that match (all of them, concurrently); throws the first failure in order.</summary>
    internal async Task ValidateAsync(AdmissionAttributes attributes, RequestContext context, CancellationToken cancellationToken)
    {
        if (!Admits(attributes.Type))
        {
            return;
        }
        var matching = Webhooks(ResourceCatalog.ValidatingWebhookConfigurations)
            .Where(w => WebhookMatcher.Matches(w.Webhook, attributes, namespaces.Get(attributes.Namespace)))
            .ToList();
        var outcomes = await Task.WhenAll(matching.Select(async w =>
        {
            try
            {
                var result = await CallAsync(w.Configuration, w.Webhook, attributes, mutating: false, cancellationToken).ConfigureAwait(false);
                return (Result: result, Error: (ApiError?)null);
            }
            catch (ApiError ex)
            {
                return (Result: (JsonObject?)null, Error: ex);
            }
        })).ConfigureAwait(false);
        ApiError? first = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var (result, error) = outcomes[i];
            if (result is not null)
            {
                AddWarnings(result, context);
                try
                {
                    ThrowIfDenied(matching[i].Webhook, result);
                }
                catch (ApiError ex)
                {
                    error = ex;
                }
            }
            first ??= error;
        }
        if (first is not null)
        {
            throw first;
        }
    }

    // Webhook configurations themselves are never sent to webhooks, and reviews are not stored.
    private static bool Admits(ResourceType type) =>
        type.IsStored && type != ResourceCatalog.ValidatingWebhookConfigurations && type != ResourceCatalog.MutatingWebhookConfigurations;

    private IEnumerable<(string Configuration, JsonObject Webhook)> Webhooks(ResourceType type)
    {
        foreach (var stored in store.List(type, null).Items.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            if (stored.ToJson()["webhooks"] is JsonArray webhooks)
            {
                foreach (var webhook in webhooks.OfType<JsonObject>())
                {
                    yield return (stored.Name, webhook);
                }
            }
        }
    }

    // Returns the verified response, or null when the call failed and failurePolicy is Ignore.
    private async Task<JsonObject?> CallAsync(string configuration, JsonObject webhook, AdmissionAttributes attributes, bool mutating, CancellationToken cancellationToken)
    {
        var name = WireJson.GetString(webhook, "name") ?? "";
        if (attributes.DryRun && WireJson.GetString(webhook, "sideEffects") is not ("None" or "NoneOnDryRun"))
        {
            throw ApiError.BadRequest($"admission webhook {GoText.Quote(name)} does not support dry run");
        }
        var uid = Guid.NewGuid().ToString();
        var review = AdmissionReview.Build(attributes, uid);
        var result = await client.CallAsync(configuration, webhook, mutating, uid, WireJson.Serialize(review), cancellationToken).ConfigureAwait(false);
        calls.Enqueue(result.Call);
        if (result.CallError is null)
        {
            return result.Response;
        }
        if (WireJson.GetString(webhook, "failurePolicy") == "Ignore")
        {
            return null;
        }
        throw ApiError.Internal($"failed calling webhook {GoText.Quote(name)}: {result.CallError}");
    }

    private static void AddWarnings(JsonObject response, RequestContext context)
    {
        if (response["warnings"] is JsonArray warnings)
        {
            foreach (var warning in warnings.OfType<JsonValue>())
            {
                context.Warn(warning.ToString());
            }
        }
    }

    // webhookerrors.ToStatusErr: the webhook's Status with "admission webhook \"name\" denied the request" in front.
    private static void ThrowIfDenied(JsonObject webhook, JsonObject response)
    {
        if (response["allowed"] is JsonValue allowed && allowed.TryGetValue<bool>(out var isAllowed) && isAllowed)
        {
            return;
        }
        var name = WireJson.GetString(webhook, "name") ?? "";
        var status = WireJson.GetObject(response, "status");
        var code = status?["code"] is JsonValue c && c.TryGetValue<int>(out var value) ? value : 0;
        if (code < 400)
        {
            code = 400;
        }
        var message = WireJson.GetString(status, "message") ?? "";
        var reason = WireJson.GetString(status, "reason") ?? "";
        var deniedBy = $"admission webhook {GoText.Quote(name)} denied the request";
        var text = message.Length > 0 ? $"{deniedBy}: {message}"
            : reason.Length > 0 ? $"{deniedBy}: {reason}"
            : $"{deniedBy} without explanation";
        throw ApiError.FromStatus(code, text, reason, WireJson.GetObject(status, "details")?.DeepClone() as JsonObject);
    }

    private static void ApplyPatch(JsonObject webhook, JsonObject response, AdmissionAttributes attributes)
    {
        var patch = WireJson.GetString(response, "patch");
        if (string.IsNullOrEmpty(patch))
        {
            return;
        }
        var name = WireJson.GetString(webhook, "name") ?? "";
        JsonArray operations;
        try
        {
            operations = WireJson.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch))) as JsonArray
                         ?? throw new FormatException("the patch is not a JSON array");
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            throw ApiError.Internal($"failed calling webhook {GoText.Quote(name)}: received undecodable patch in webhook response: {ex.Message}");
        }
        if (operations.Count == 0)
        {
            return;
        }
        if (attributes.Object is null)
        {
            throw ApiError.Internal($"admission webhook {GoText.Quote(name)} attempted to modify the object, which is not supported for this operation");
        }
        try
        {
            var patched = JsonPatch.Apply(ObjectLayout.Arrange(attributes.Type, attributes.Object), operations);
            attributes.Object = patched as JsonObject ?? throw new JsonPatchException("the patched object is not a JSON object");
        }
        catch (JsonPatchException ex)
        {
            throw ApiError.Internal(ex.Message);
        }
    }
}
