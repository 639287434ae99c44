using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Selectors;
using Memoize.ApiEmulator.Validation;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Admission;

/// <summary>
/// Whether a webhook is called for a request, as kube-apiserver decides (webhook/predicates): any rule matches
/// (operation, group, version, resource with subresource, scope), the namespaceSelector matches the namespace's
/// labels (namespaced requests only), and the objectSelector matches the new or the old object's labels.
/// </summary>
internal static class WebhookMatcher
{
    /// <summary>True when <paramref name="webhook"/> applies to <paramref name="attributes"/>.</summary>
    public static bool Matches(JsonObject webhook, AdmissionAttributes attributes, IReadOnlyDictionary<string, string> namespaceLabels)
    {
        var rules = (webhook["rules"] as JsonArray)?.OfType<JsonObject>() ?? [];
        if (!rules.Any(rule => RuleMatches(rule, attributes)))
        {
            return false;
        }
        if (attributes.Namespace.Length > 0 &&
            !LabelSelector.FromObject(webhook["namespaceSelector"] as JsonObject).Matches(namespaceLabels))
        {
            return false;
        }
        var objectSelector = LabelSelector.FromObject(webhook["objectSelector"] as JsonObject);
        if (objectSelector.Requirements.Count == 0)
        {
            return true;
        }
        return LabelsOf(attributes.Object) is { } now && objectSelector.Matches(now)
               || LabelsOf(attributes.OldObject) is { } before && objectSelector.Matches(before);
    }

    private static bool RuleMatches(JsonObject rule, AdmissionAttributes attributes)
    {
        var operations = ObjectMetaRules.Strings(rule["operations"]);
        var groups = ObjectMetaRules.Strings(rule["apiGroups"]);
        var versions = ObjectMetaRules.Strings(rule["apiVersions"]);
        var scope = WireJson.GetString(rule, "scope") ?? "*";
        return (operations.Contains("*") || operations.Contains(attributes.Operation))
               && (groups.Contains("*") || groups.Contains(attributes.Type.Group))
               && (versions.Contains("*") || versions.Contains(attributes.Type.Version))
               && ObjectMetaRules.Strings(rule["resources"]).Any(r => ResourceMatches(r, attributes.Type.Plural, ""))
               && scope switch
               {
                   "Cluster" => attributes.Namespace.Length == 0,
                   "Namespaced" => attributes.Namespace.Length > 0,
                   _ => true,
               };
    }

    // "pods" matches the resource only, "pods/*" every subresource, "*" every resource, "*/*" everything.
    private static bool ResourceMatches(string pattern, string resource, string subresource)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var (res, sub) = slash < 0 ? (pattern, "") : (pattern[..slash], pattern[(slash + 1)..]);
        return (res == "*" || res == resource) && (sub == "*" || sub == subresource);
    }

    private static IReadOnlyDictionary<string, string>? LabelsOf(JsonObject? obj) =>
        obj is null ? null : WireJson.GetStringMap(WireJson.GetObject(obj, "metadata"), "labels");
}
