using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Validation;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Registry;

/// <summary>
/// What kube-apiserver does to a request body before admission: decode (wrong JSON types are 400), check
/// kind/apiVersion, reconcile the namespace with the URL, apply defaults, drop unknown fields (reporting them for
/// <c>fieldValidation=Strict|Warn</c>), and put fields in wire order.
/// </summary>
internal static class ObjectPreparation
{
    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    };

    /// <summary>Returns the decoded, defaulted, pruned object; throws 400 BadRequest for what the decoder refuses.</summary>
    public static JsonObject Prepare(ResourceType type, string @namespace, JsonObject body, RequestContext context)
    {
        DecodeRules.Check(type, body);
        var kind = WireJson.GetString(body, "kind");
        var apiVersion = WireJson.GetString(body, "apiVersion");
        if (type.IsCustomResource)
        {
            if (string.IsNullOrEmpty(kind))
            {
                throw ApiError.BadRequest($"Object 'Kind' is missing in '{WireJson.Serialize(body)}'");
            }
            if (string.IsNullOrEmpty(apiVersion))
            {
                throw ApiError.BadRequest($"Object 'apiVersion' is missing in '{WireJson.Serialize(body)}'");
            }
        }
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiError.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        var obj = WireJson.Clone(body);
        obj["kind"] = type.Kind;
        obj["apiVersion"] = type.ApiVersion;
        var metadata = WireJson.Metadata(obj);
        var objectNamespace = WireJson.GetString(metadata, "namespace") ?? "";
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
        }
        else if (objectNamespace.Length == 0)
        {
            metadata["namespace"] = @namespace;
        }
        else if (objectNamespace != @namespace)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        MicroTimeRules.Normalize(type, obj);
        ReportUnknownFields(type, obj, context);
        if (type == ResourceCatalog.ValidatingWebhookConfigurations || type == ResourceCatalog.MutatingWebhookConfigurations)
        {
            WebhookConfigurationRules.ApplyDefaults(obj, type == ResourceCatalog.MutatingWebhookConfigurations);
        }
        return ObjectLayout.Arrange(type, obj);
    }

    private static void ReportUnknownFields(ResourceType type, JsonObject obj, RequestContext context)
    {
        if (context.FieldValidation is not ("Strict" or "Warn"))
        {
            return;
        }
        var unknown = obj.Select(p => p.Key)
            .Where(k => k is not ("kind" or "apiVersion" or "metadata") && !type.Fields.Contains(k))
            .Concat(WireJson.Metadata(obj).Select(p => p.Key).Where(k => !MetadataFields.Contains(k)).Select(k => "metadata." + k))
            .Select(k => $"unknown field \"{k}\"")
            .ToList();
        if (unknown.Count == 0)
        {
            return;
        }
        if (context.FieldValidation == "Strict")
        {
            throw ApiError.BadRequest("strict decoding error: " + string.Join(", ", unknown));
        }
        unknown.ForEach(context.Warn);
    }
}
