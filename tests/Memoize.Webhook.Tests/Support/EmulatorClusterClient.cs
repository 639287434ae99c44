using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Webhook.Cluster;

namespace Memoize.Webhook.Tests.Support;

/// <summary>
/// The webhook's real cluster adapters (SubjectAccessReviews, ConfigMap reads) over the project's client, connected to
/// an API emulator through the kubeconfig it writes, as the webhook connects to a cluster.
/// </summary>
public sealed class EmulatorClusterClient : IDisposable
{
    private readonly KubernetesApiClient _api;

    /// <summary>Connects to <paramref name="emulator"/> as its admin.</summary>
    public EmulatorClusterClient(KubernetesApiEmulator emulator)
    {
        _api = new KubernetesApiClient(KubeConfig.Parse(emulator.KubeconfigYaml("argo"), "emulator-kubeconfig").ToConnection());
        Reviewer = new SubjectAccessReviewer(new SubjectAccessReviewClient(_api));
        ConfigMaps = new ClusterConfigMapReader(new ConfigMapClient(_api));
    }

    /// <summary>The webhook's SubjectAccessReview adapter.</summary>
    public SubjectAccessReviewer Reviewer { get; }

    /// <summary>The webhook's ConfigMap reader.</summary>
    public ClusterConfigMapReader ConfigMaps { get; }

    /// <inheritdoc />
    public void Dispose() => _api.Dispose();
}
