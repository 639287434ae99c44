using System.Text.Json.Nodes;
using Memoize.Core.Durations;
using Memoize.Core.Objects;

namespace Memoize.Core.Cache;

/// <summary>
/// For each cache ConfigMap, the age beyond which no template can hit an entry: the largest maxAge of every template
/// that names the cache, known only when every object that could name it is watched and no cache name is templated.
/// Pure: computed from the watched Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows.
/// </summary>
public sealed class CacheRetention
{
    private readonly Dictionary<(string Namespace, string Name), List<GoDuration?>> _maxAges;
    private readonly List<(string Name, GoDuration? MaxAge)> _everyNamespace;
    private readonly HashSet<string> _unknownNamespaces;
    private readonly bool _unknownEverywhere;

    private CacheRetention(
        Dictionary<(string, string), List<GoDuration?>> maxAges,
        List<(string, GoDuration?)> everyNamespace,
        HashSet<string> unknownNamespaces,
        bool unknownEverywhere)
    {
        _maxAges = maxAges;
        _everyNamespace = everyNamespace;
        _unknownNamespaces = unknownNamespaces;
        _unknownEverywhere = unknownEverywhere;
    }

    /// <summary>A retention that knows nothing: the maxAge rule is off for every cache.</summary>
    public static CacheRetention Unknown { get; } = new([], [], [], unknownEverywhere: true);

    /// <summary>
    /// Collects every memoize block of <paramref name="carriers"/> (including the template copies Argo stores in a
    /// Workflow's status). <paramref name="allNamespacesWatched"/> is false when only some namespaces are watched:
    /// then, with caches in the controller's namespace, an unwatched workflow could name any cache.
    /// </summary>
    public static CacheRetention Compute(IEnumerable<JsonObject> carriers, CacheNamespaceMode mode, string controllerNamespace, bool allNamespacesWatched)
    {
        var maxAges = new Dictionary<(string, string), List<GoDuration?>>();
        var everyNamespace = new List<(string, GoDuration?)>();
        var unknownNamespaces = new HashSet<string>(StringComparer.Ordinal);
        var unknownEverywhere = mode == CacheNamespaceMode.Controller && !allNamespacesWatched;
        var policy = new CacheNamespacePolicy(mode, controllerNamespace);

        foreach (var carrier in carriers)
        {
            foreach (var (objectNamespace, block) in BlocksOf(carrier))
            {
                var name = block.CacheName;
                if (string.IsNullOrEmpty(name))
                {
                    continue; // Argo cannot use this block at all: it names no cache
                }
                // A ClusterWorkflowTemplate runs in any workflow's namespace: null here.
                var cacheNamespace = policy.For(objectNamespace);
                if (name.Contains("{{", StringComparison.Ordinal))
                {
                    if (cacheNamespace is null)
                    {
                        unknownEverywhere = true;
                    }
                    else
                    {
                        unknownNamespaces.Add(cacheNamespace);
                    }
                    continue;
                }
                var maxAge = ParseMaxAge(block.MaxAge);
                if (cacheNamespace is null)
                {
                    everyNamespace.Add((name, maxAge));
                    continue;
                }
                if (!maxAges.TryGetValue((cacheNamespace, name), out var list))
                {
                    maxAges[(cacheNamespace, name)] = list = [];
                }
                list.Add(maxAge);
            }
        }
        return new CacheRetention(maxAges, everyNamespace, unknownNamespaces, unknownEverywhere);
    }

    /// <summary>The retention of one cache, or null when there is no such rule for it (see <see cref="CacheGarbageCollector.RetentionFor"/>).</summary>
    public GoDuration? For(string @namespace, string name)
    {
        if (_unknownEverywhere || _unknownNamespaces.Contains(@namespace))
        {
            return null;
        }
        var maxAges = new List<GoDuration?>(_maxAges.GetValueOrDefault((@namespace, name)) ?? []);
        maxAges.AddRange(_everyNamespace.Where(b => b.Name == name).Select(b => b.MaxAge));
        return CacheGarbageCollector.RetentionFor(maxAges, allTemplatesKnown: true);
    }

    private static GoDuration? ParseMaxAge(string? text) =>
        text is { Length: > 0 } && !text.Contains("{{", StringComparison.Ordinal) && GoDuration.TryParse(text, out var duration, out _) ? duration : null;

    private static IEnumerable<(string? Namespace, MemoizeBlock Block)> BlocksOf(JsonObject carrier)
    {
        if (ArgoObject.TryFrom(carrier) is not { } argoObject)
        {
            yield break;
        }
        foreach (var block in MemoizeBlockLocator.Locate(argoObject))
        {
            yield return (argoObject.Namespace, block);
        }
        if (argoObject.Kind != ArgoKind.Workflow || carrier["status"] is not JsonObject status)
        {
            yield break;
        }
        // What actually ran: copies of referenced templates kept in the Workflow's status.
        if (status["storedWorkflowTemplateSpec"] is JsonObject storedSpec)
        {
            var copy = new JsonObject
            {
                ["apiVersion"] = "argoproj.io/v1alpha1",
                ["kind"] = "Workflow",
                ["metadata"] = carrier["metadata"]?.DeepClone(),
                ["spec"] = storedSpec.DeepClone(),
            };
            if (ArgoObject.TryFrom(copy) is { } stored)
            {
                foreach (var block in MemoizeBlockLocator.Locate(stored))
                {
                    yield return (argoObject.Namespace, block);
                }
            }
        }
        if (status["storedTemplates"] is JsonObject storedTemplates)
        {
            foreach (var (_, template) in storedTemplates)
            {
                if (template is JsonObject t && t["memoize"] is JsonObject memoize)
                {
                    yield return (argoObject.Namespace, new MemoizeBlock("status.storedTemplates", null, memoize, t));
                }
            }
        }
    }
}
