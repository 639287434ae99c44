using Memoize.Kubernetes.Config;
using Memoize.Webhook.Host;

namespace Memoize.Webhook.Cluster;

/// <summary>
/// Whether the webhook runs against a cluster, and which: an explicit <c>--kubeconfig</c> or <c>--context</c> always (it must load);
/// otherwise none with <c>--dev</c>; otherwise the configuration <see cref="ClusterConnection.Detect()"/> finds
/// (in-cluster, <c>KUBECONFIG</c>, <c>~/.kube/config</c>), and none when there is none.
/// </summary>
/// <param name="Connection">The cluster to use; null without one.</param>
/// <param name="NoClusterReason">Without a cluster, the one log line that says why and what is off.</param>
public sealed record ClusterChoice(ClusterConnection? Connection, string? NoClusterReason)
{
    /// <summary>The log line when no configuration exists anywhere.</summary>
    public const string NoConfigurationFound = "no Kubernetes configuration found: RBAC hints and the cache ConfigMap index are off";

    /// <summary>The log line with <c>--dev</c> and no <c>--kubeconfig</c>.</summary>
    public const string DevWithoutCluster = "--dev: no Kubernetes cluster is used: RBAC hints and the cache ConfigMap index are off; add --kubeconfig PATH to use one";

    // ClusterConnection.Detect's documented message when it finds nothing (docs/kubernetes-client.md); any other failure means a configuration exists but is wrong.
    private const string DetectFoundNothing = "no Kubernetes configuration found";

    /// <summary>Chooses for <paramref name="options"/>, finding the configuration with <paramref name="detect"/> (<see cref="ClusterConnection.Detect()"/> outside tests).</summary>
    /// <exception cref="ClusterConfigurationException">The explicit kubeconfig, or the configuration found, cannot be used; the message says why.</exception>
    public static ClusterChoice For(WebhookOptions options, Func<ClusterConnection> detect)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(detect);
        if (options.Kubeconfig is not null || options.Context is not null)
        {
            // "--kubeconfig=~/.kube/config" reaches us unexpanded: the shell expands ~ only at the start of a word.
            var path = options.Kubeconfig is { } given && given.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), given[2..])
                : options.Kubeconfig;
            try
            {
                return new ClusterChoice(ClusterConnection.Select(path, options.Context), null);
            }
            catch (ClusterConfigurationException e)
            {
                var flags = string.Join(" ", new[] { options.Kubeconfig is null ? null : $"--kubeconfig {options.Kubeconfig}", options.Context is null ? null : $"--context {options.Context}" }.OfType<string>());
                throw new ClusterConfigurationException($"{flags}: {e.Message}", e);
            }
        }

        if (options.Dev)
        {
            return new ClusterChoice(null, DevWithoutCluster);
        }

        try
        {
            return new ClusterChoice(detect(), null);
        }
        catch (ClusterConfigurationException e) when (e.Message.StartsWith(DetectFoundNothing, StringComparison.Ordinal))
        {
            return new ClusterChoice(null, NoConfigurationFound);
        }
        catch (ClusterConfigurationException e)
        {
            // A configuration exists but is broken: going on without the cluster would hide it.
            throw new ClusterConfigurationException($"{e.Message}; fix it, or pass --dev to run without a cluster", e);
        }
    }
}
