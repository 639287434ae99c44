using Memoize.Core.Cache;
using Memoize.Core.Keys;
using Memoize.Core.Objects;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Metrics;
using Memoize.Webhook.Rbac;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Mutation;

/// <summary>
/// The hints the mutating webhook gives on an Argo object with memoize blocks: missing ConfigMap verbs of the Argo
/// controller (warning + annotation) and cache ConfigMaps that exist without the Cache label (warning). Never denies.
/// </summary>
public sealed class ArgoObjectHints
{
    private readonly ControllerRbacCheck? _rbacCheck;
    private readonly IConfigMapReader? _configMaps;
    private readonly CacheNamespacePolicy _namespaces;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger _logger;

    /// <summary>Creates the hints; a null <paramref name="rbacCheck"/> or <paramref name="configMaps"/> turns that hint off (no cluster).</summary>
    public ArgoObjectHints(ControllerRbacCheck? rbacCheck, IConfigMapReader? configMaps, CacheNamespacePolicy namespaces, WebhookMetrics metrics, ILogger logger)
    {
        _rbacCheck = rbacCheck;
        _configMaps = configMaps;
        _namespaces = namespaces;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The warnings and patch for <paramref name="argoObject"/>; what cannot be learned before <paramref name="cancellationToken"/> fires is left out.</summary>
    public async Task<AdmissionResponse> AdviseAsync(ReadOnlyArgoObject argoObject, CancellationToken cancellationToken)
    {
        // Read off the JSON as parsed: only the template and cache names of each block, no node of the object.
        var blocks = MemoizeBlockLocator.CacheReferences(argoObject);
        var cacheNamespace = _namespaces.For(argoObject.Namespace);
        if (blocks.Count == 0 || cacheNamespace is null)
        {
            return AdmissionResponse.Allowed();
        }

        var rbac = _rbacCheck is null
            ? Task.FromResult(new RbacCheckResult(RbacVerdict.Unknown, null))
            : _rbacCheck.CheckAsync(cacheNamespace, cancellationToken);
        var labels = UnlabelledCacheWarningsAsync(blocks, cacheNamespace, cancellationToken);
        await Task.WhenAll(rbac, labels);

        var warnings = new List<string>();
        var patch = new List<JsonPatchOperation>();
        var current = MetadataPatch.Annotation(argoObject.Root, RbacHint.AnnotationKey);
        var result = await rbac;
        if (result is { Verdict: RbacVerdict.Missing, Hint: { } hint })
        {
            warnings.Add(hint.Warning);
            if (current != hint.Text)
            {
                patch.Add(MetadataPatch.SetAnnotation(argoObject.Root, RbacHint.AnnotationKey, hint.Text));
            }
        }
        else if (result.Verdict == RbacVerdict.Granted && current is not null)
        {
            // The verbs were granted since: the old hint would mislead.
            patch.Add(MetadataPatch.RemoveAnnotation(RbacHint.AnnotationKey));
        }

        warnings.AddRange(await labels);
        return AdmissionResponse.Patched(patch, warnings);
    }

    private async Task<IReadOnlyList<string>> UnlabelledCacheWarningsAsync(IReadOnlyList<MemoizeCacheReference> blocks, string cacheNamespace, CancellationToken cancellationToken)
    {
        if (_configMaps is null)
        {
            return [];
        }

        // One check per ConfigMap, reported for the first template that names it. Templated names are known only at run time.
        var caches = blocks
            .Where(b => b.CacheName is { } name && !name.Contains("{{", StringComparison.Ordinal) && ConfigMapName.IsValid(name))
            .GroupBy(b => b.CacheName!, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Template: g.First().TemplateName ?? "templateDefaults"))
            .ToList();
        var warnings = await Task.WhenAll(caches.Select(c => WarningForAsync(c.Name, c.Template, cacheNamespace, cancellationToken)));
        return [.. warnings.OfType<string>()];
    }

    private async Task<string?> WarningForAsync(string name, string template, string cacheNamespace, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string>? labels;
        try
        {
            labels = await _configMaps!.GetLabelsAsync(cacheNamespace, name, cancellationToken).WaitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            _metrics.RecordConfigMapReadFailure();
            _logger.LogWarning("Could not read ConfigMap {Namespace}/{Name} ({Problem}); admitting without the cache label check", cacheNamespace, name, e is OperationCanceledException ? "timed out" : e.Message);
            return null;
        }

        if (labels is null || (labels.TryGetValue(CacheLabel.Key, out var value) && value == CacheLabel.CacheValue))
        {
            return null;
        }

        return value is null
            ? $"{template}: cache ConfigMap {cacheNamespace}/{name} exists without the label {CacheLabel.Key}={CacheLabel.CacheValue}; Argo will refuse to use it. Fix: kubectl label configmap {name} -n {cacheNamespace} {CacheLabel.Key}={CacheLabel.CacheValue}"
            : $"{template}: cache ConfigMap {cacheNamespace}/{name} is labelled {CacheLabel.Key}={value}, so it is not a cache and Argo will refuse to use it; name another ConfigMap in memoize.cache.configMap.name";
    }
}
