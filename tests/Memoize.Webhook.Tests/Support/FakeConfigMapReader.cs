using System.Collections.Concurrent;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Tests.Support;

/// <summary>Serves ConfigMap labels from a table; a missing entry means the ConfigMap does not exist.</summary>
public sealed class FakeConfigMapReader : IConfigMapReader
{
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> ConfigMaps { get; } = new();

    public bool Fails { get; set; }

    public Task<IReadOnlyDictionary<string, string>?> GetLabelsAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Fails
            ? throw new HttpRequestException("connection refused")
            : Task.FromResult(ConfigMaps.TryGetValue($"{@namespace}/{name}", out var labels) ? labels : null);
}
