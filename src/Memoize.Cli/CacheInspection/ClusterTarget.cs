using Memoize.Kubernetes.Config;

namespace Memoize.Cli.CacheInspection;

/// <summary>Where a cache command goes: the API server connection and the namespace to work in.</summary>
/// <param name="Connection">The API server, its trust and the credentials.</param>
/// <param name="Namespace">The namespace: the --namespace flag, else the context's, else <c>argo</c>.</param>
public sealed record ClusterTarget(ClusterConnection Connection, string Namespace);
