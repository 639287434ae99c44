using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Resources;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;

namespace Memoize.Webhook.Cluster;

/// <summary>
/// The webhook's connection to a real cluster: one API client shared by the SubjectAccessReviews, the ConfigMap
/// reads and the informers that feed the cache ConfigMap index. <see cref="Dependencies"/> is what
/// <see cref="WebhookHost.Build"/> takes; dispose this after the host has stopped.
/// </summary>
public sealed class WebhookCluster : IDisposable
{
    private WebhookCluster(KubernetesApiClient api, WebhookOptions options, InformerOptions? informerOptions)
    {
        Api = api;
        Index = new CacheConfigMapIndex(options.CacheNamespacePolicy);
        var index = Index;
        Dependencies = new WebhookDependencies(
            new SubjectAccessReviewer(new SubjectAccessReviewClient(api)),
            new ClusterConfigMapReader(new ConfigMapClient(api)),
            index)
        {
            ConfigureServices = services => services.AddHostedService(provider =>
                new ArgoObjectIndexFeeder(api, index, provider.GetRequiredService<ILogger<ArgoObjectIndexFeeder>>(), informerOptions)),
            StartMessage = $"Using the Kubernetes cluster at {api.Connection.Server} ({api.Connection.Source}): RBAC hints, the cache label check and the cache ConfigMap index are on",
        };
    }

    /// <summary>The API client (its HTTP connections are closed by <see cref="Dispose"/>).</summary>
    public KubernetesApiClient Api { get; }

    /// <summary>The index the informers feed; not synced until all four Argo kinds have been listed.</summary>
    public CacheConfigMapIndex Index { get; }

    /// <summary>The cluster-backed dependencies, including the hosted service that runs the informers.</summary>
    public WebhookDependencies Dependencies { get; }

    /// <summary>Wires the webhook to the cluster at <paramref name="connection"/>; nothing is called until the host starts.</summary>
    public static WebhookCluster Connect(ClusterConnection connection, WebhookOptions options, InformerOptions? informerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        return new WebhookCluster(new KubernetesApiClient(connection), options, informerOptions);
    }

    /// <inheritdoc />
    public void Dispose() => Api.Dispose();
}
