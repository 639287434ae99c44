using Memoize.Kubernetes.Config;

namespace Memoize.Cli.CacheInspection;

/// <summary>The connection flags as kubectl has them: <c>--kubeconfig</c>, <c>--context</c>, <c>-n/--namespace</c>.</summary>
/// <param name="KubeconfigPath">The kubeconfig file to use instead of KUBECONFIG or ~/.kube/config; null for the usual search.</param>
/// <param name="Context">The kubeconfig context to use instead of current-context; null for current-context.</param>
/// <param name="Namespace">The namespace to use instead of the context's; null for the context's (else <see cref="DefaultNamespace"/>).</param>
public sealed record ClusterSelection(string? KubeconfigPath, string? Context, string? Namespace)
{
    /// <summary>The namespace when neither the flag nor the context names one: where Argo's workflow controller runs and keeps its caches.</summary>
    public const string DefaultNamespace = "argo";

    /// <summary>
    /// Finds the cluster as kubectl would: the given kubeconfig, else the in-cluster service account, else KUBECONFIG
    /// or ~/.kube/config. In a pod the pod's namespace is the default namespace, as for kubectl.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">No configuration is found, or the one found is wrong.</exception>
    public ClusterTarget Resolve()
    {
        if (KubeconfigPath is not null || Context is not null)
        {
            var config = KubeconfigPath is null ? KubeConfig.LoadDefault() : KubeConfig.Load(KubeconfigPath);
            var connection = config.ToConnection(Context);
            return new ClusterTarget(connection, Namespace ?? config.NamespaceOf(Context) ?? DefaultNamespace);
        }

        var detected = ClusterConnection.Detect();
        if (Namespace is not null)
        {
            return new ClusterTarget(detected, Namespace);
        }

        if (detected.Source == "in-cluster")
        {
            return new ClusterTarget(detected, detected.Namespace);
        }

        var kubeconfig = KubeConfig.LoadDefault();
        return new ClusterTarget(detected, kubeconfig.NamespaceOf() ?? DefaultNamespace);
    }
}
