using Memoize.Kubernetes.Resources;
using Memoize.Webhook.Caches;

namespace Memoize.Webhook.Cluster;

/// <summary>
/// Reads a ConfigMap's labels with one GET per lookup, inside the mutating webhook's 2 s budget.
/// Why not an informer: the names to check are only known per review (any name a memoize block gives), so an
/// informer would have to hold every ConfigMap of the cache namespace (all namespaces in workflow mode), data
/// included, up to 1 MiB each; and the warning must reflect a <c>kubectl label</c> run a moment ago. A GET is made
/// only for Argo objects with memoize blocks whose spec changed (status writes are filtered out before), one per
/// distinct literal cache name, in parallel.
/// </summary>
public sealed class ClusterConfigMapReader : IConfigMapReader
{
    private readonly ConfigMapClient _configMaps;

    /// <summary>Reads through <paramref name="configMaps"/>.</summary>
    public ClusterConfigMapReader(ConfigMapClient configMaps)
    {
        _configMaps = configMaps;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>?> GetLabelsAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var configMap = await _configMaps.TryGetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        return configMap is null ? null : new Dictionary<string, string>(configMap.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }
}
