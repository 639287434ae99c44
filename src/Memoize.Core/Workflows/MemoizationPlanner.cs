using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Durations;
using Memoize.Core.Keys;
using Memoize.Core.Templates;

namespace Memoize.Core.Workflows;

/// <summary>
/// Decides, for one Workflow and the current time, what the reconciler must do for each memoized node. Pure:
/// cache contents and other templates are supplied by the caller (from informer caches).
/// </summary>
public static class MemoizationPlanner
{
    // Node types that never carry a template of their own.
    private static readonly HashSet<string> TemplatelessTypes = new(StringComparer.Ordinal) { "StepGroup", "TaskGroup", "Container", "Skipped" };

    /// <summary>
    /// The decisions, per node: <see cref="MemoizationDecisionKind.Lookup"/> for a node whose template is memoized,
    /// with no memoizationStatus yet and not finished (key, cache name and maxAge substituted, and the lookup
    /// answered on <paramref name="cacheContents"/>); <see cref="MemoizationDecisionKind.Store"/> for a node that
    /// Succeeded after a miss (memoizationStatus.hit false) whose key holds no entry for it and no other valid entry;
    /// <see cref="MemoizationDecisionKind.Invalid"/> when substitution gives an invalid key, name or maxAge;
    /// <see cref="MemoizationDecisionKind.Unresolved"/> when it cannot be told. Failed, Error, Skipped and Omitted
    /// nodes, and the attempts under a Retry node (the Retry node is the memoized one), get nothing.
    /// </summary>
    /// <param name="workflow">The whole Workflow object.</param>
    /// <param name="now">The current time: lookups judge expiry with it and stored entries are stamped with it.</param>
    /// <param name="cacheContents">The raw value of data[key] in the named cache ConfigMap, or null when the ConfigMap or key is absent.</param>
    /// <param name="templateLookup">Returns a WorkflowTemplate or ClusterWorkflowTemplate object, or null when unknown; may be null.</param>
    public static MemoizationPlan Plan(
        JsonObject workflow,
        DateTimeOffset now,
        Func<string, string, string?> cacheContents,
        Func<TemplateOwner, JsonObject?>? templateLookup = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(cacheContents);
        var set = WorkflowNodes.Read(workflow);
        if (set.Problem is not null)
        {
            return new MemoizationPlan(set.Storage, [], set.Problem);
        }

        var nodes = set.All;
        var parentOf = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var child in node.Children)
            {
                parentOf.TryAdd(child, node);
            }
        }

        var decisions = new List<MemoizationDecision>();
        foreach (var node in nodes)
        {
            if (TemplatelessTypes.Contains(node.Type)
                || (parentOf.TryGetValue(node.Id, out var parent) && parent.Type == "Retry")
                || node.Phase is "Failed" or "Error" or "Skipped" or "Omitted")
            {
                continue;
            }

            var status = node.MemoizationStatus;
            var decision = status switch
            {
                null when !node.IsFinished => DecideLookup(workflow, node, now, cacheContents, templateLookup),
                { Hit: false } when node.Phase == "Succeeded" => DecideStore(workflow, set, node, status, now, cacheContents, templateLookup),
                _ => null,
            };
            if (decision is not null)
            {
                decisions.Add(decision);
            }
        }

        return new MemoizationPlan(set.Storage, decisions, null);
    }

    private static MemoizationDecision? DecideLookup(
        JsonObject workflow,
        WorkflowNode node,
        DateTimeOffset now,
        Func<string, string, string?> cacheContents,
        Func<TemplateOwner, JsonObject?>? templateLookup)
    {
        var resolution = TemplateResolver.Resolve(workflow, node, templateLookup);
        if (resolution.Template is null)
        {
            return resolution.Problem is null
                ? null
                : Unresolved(node, $"cannot tell whether node {node.Name} is memoized: {resolution.Problem}");
        }

        if (resolution.Memoize is not { } memoize)
        {
            return null;
        }

        var values = NodeVariables.For(workflow, node);
        var problems = new List<string>();
        var unresolved = new List<string>();

        var key = Substitute(JsonFields.String(memoize["key"]), "key", values, unresolved);
        if (key is null)
        {
            problems.Add("memoize.key is missing or empty: set a key, e.g. key: \"{{inputs.parameters.message}}\"");
        }

        var cacheName = Substitute(JsonFields.String(JsonFields.At(memoize, "cache", "configMap", "name")), "cache.configMap.name", values, unresolved);
        if (cacheName is null)
        {
            problems.Add("memoize.cache.configMap.name is missing: Argo's controller fails the whole workflow without it; add cache: {configMap: {name: my-cache}}");
        }

        var maxAgeText = Substitute(JsonFields.String(memoize["maxAge"]), "maxAge", values, unresolved);
        if (unresolved.Count > 0)
        {
            return Unresolved(node,
                $"cannot compute the memoization of node {node.Name}: {string.Join("; ", unresolved)}; " +
                "Argo leaves unresolved tags literally, which makes an invalid key");
        }

        if (key is not null && !CacheKey.IsValid(key))
        {
            problems.Add(InvalidKeyText(key));
        }

        if (cacheName is not null && !ConfigMapName.IsValid(cacheName))
        {
            problems.Add(InvalidCacheNameText(cacheName));
        }

        GoDuration? maxAge = null;
        if (maxAgeText is not null)
        {
            if (GoDuration.TryParse(maxAgeText, out var parsed, out var error))
            {
                maxAge = parsed;
            }
            else
            {
                problems.Add($"invalid maxAge: {error}");
            }
        }

        if (problems.Count > 0)
        {
            return new MemoizationDecision(MemoizationDecisionKind.Invalid, node.Id, node.Name, key, cacheName, maxAge, null, null,
                $"node {node.Name}: {string.Join("; ", problems)}");
        }

        var lookup = CacheLookup.Decide(cacheContents(cacheName!, key!), maxAge, now);
        return new MemoizationDecision(MemoizationDecisionKind.Lookup, node.Id, node.Name, key, cacheName, maxAge, lookup, null, null);
    }

    private static MemoizationDecision? DecideStore(
        JsonObject workflow,
        WorkflowNodeSet set,
        WorkflowNode node,
        NodeMemoizationStatus status,
        DateTimeOffset now,
        Func<string, string, string?> cacheContents,
        Func<TemplateOwner, JsonObject?>? templateLookup)
    {
        var problems = new List<string>();
        if (!CacheKey.IsValid(status.Key))
        {
            problems.Add(InvalidKeyText(status.Key));
        }

        if (!ConfigMapName.IsValid(status.CacheName))
        {
            problems.Add(InvalidCacheNameText(status.CacheName));
        }

        if (problems.Count > 0)
        {
            return new MemoizationDecision(MemoizationDecisionKind.Invalid, node.Id, node.Name, status.Key, status.CacheName, null, null, null,
                $"node {node.Name}: memoizationStatus cannot be stored: {string.Join("; ", problems)}");
        }

        // The template's maxAge only decides whether an entry already there is still valid; unknown means "never expires".
        var maxAge = MaxAgeOf(workflow, node, templateLookup);
        var (nodeId, outputs) = SavedNode(set, node);
        var raw = cacheContents(status.CacheName, status.Key);
        if (raw is { Length: > 0 } && CacheEntryCodec.Read(raw).Entry?.NodeId == nodeId)
        {
            return null;
        }

        if (CacheLookup.Decide(raw, maxAge, now).IsHit)
        {
            return null;
        }

        var entry = CacheEntry.Fresh(nodeId, outputs?.DeepClone(), now);
        return new MemoizationDecision(MemoizationDecisionKind.Store, node.Id, node.Name, status.Key, status.CacheName, maxAge, null, entry, null);
    }

    /// <summary>The node whose ID is saved, and the outputs to save: the successful attempt for a Retry node, else the node itself.</summary>
    private static (string NodeId, JsonNode? Outputs) SavedNode(WorkflowNodeSet set, WorkflowNode node)
    {
        if (node.Type == "Retry")
        {
            var attempt = node.Children
                .Select(set.Find)
                .LastOrDefault(child => child is not null && child.Phase == "Succeeded");
            if (attempt is not null)
            {
                return (attempt.Id, node.Outputs ?? attempt.Outputs);
            }
        }

        return (node.Id, node.Outputs);
    }

    private static GoDuration? MaxAgeOf(JsonObject workflow, WorkflowNode node, Func<TemplateOwner, JsonObject?>? templateLookup)
    {
        var memoize = TemplateResolver.Resolve(workflow, node, templateLookup).Memoize;
        var unresolved = new List<string>();
        var text = Substitute(JsonFields.String(memoize?["maxAge"]), "maxAge", NodeVariables.For(workflow, node), unresolved);
        return text is not null && unresolved.Count == 0 && GoDuration.TryParse(text, out var maxAge, out _) ? maxAge : null;
    }

    /// <summary>Substitutes a memoize field; null when absent or empty. Tags with no value or expressions are added to <paramref name="unresolved"/>.</summary>
    private static string? Substitute(string? text, string field, IReadOnlyDictionary<string, string> values, List<string> unresolved)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var result = TemplateSubstitution.Substitute(text, values);
        if (result.UnresolvedTags.Count > 0)
        {
            unresolved.Add($"memoize.{field} \"{text}\" has tags with no known value ({string.Join(", ", result.UnresolvedTags.Select(t => "{{" + t + "}}"))})");
        }

        if (result.ExpressionTags.Count > 0)
        {
            unresolved.Add($"memoize.{field} \"{text}\" uses expression tags, which are not evaluated here");
        }

        return result.Text;
    }

    private static string InvalidKeyText(string key) =>
        $"invalid cache key: {key} (after substitution a key must start with a letter or digit, contain only letters, digits and '-' " +
        $"(regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$) and be at most {CacheKey.MaxLength} characters; e.g. \"{CacheKey.SuggestFix(key)}\")";

    private static string InvalidCacheNameText(string name) =>
        $"invalid cache ConfigMap name \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, " +
        $"'-' or '.', and must start and end with an alphanumeric character, at most {ConfigMapName.MaxLength} characters; " +
        $"e.g. \"{ConfigMapName.SuggestFix(name)}\"";

    private static MemoizationDecision Unresolved(WorkflowNode node, string problem) =>
        new(MemoizationDecisionKind.Unresolved, node.Id, node.Name, null, null, null, null, null, problem);
}
