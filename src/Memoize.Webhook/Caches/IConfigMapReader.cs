namespace Memoize.Webhook.Caches;

/// <summary>Reads a ConfigMap's labels (for the warning about a cache ConfigMap without the Cache label).</summary>
public interface IConfigMapReader
{
    /// <summary>The labels of the ConfigMap (empty when it has none), or null when it does not exist; throws when the answer is unknown.</summary>
    Task<IReadOnlyDictionary<string, string>?> GetLabelsAsync(string @namespace, string name, CancellationToken cancellationToken);
}
