using System.Net;
using Memoize.Webhook.Cluster;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>/readyz in cluster mode: not ready until the informers behind the cache ConfigMap index have listed all four Argo kinds.</summary>
public sealed class ClusterReadinessTests
{
    private const string WebhookUser = "system:serviceaccount:memoize-system:memoize-webhook";

    [Fact]
    public async Task Readyz_is_not_ready_while_the_informers_cannot_list_and_ready_once_they_have_synced()
    {
        // The webhook's own service account, before its ClusterRole is bound: every list is 403.
        await using var cluster = await EmulatedCluster.StartAsync(emulator => emulator.AddServiceAccount("memoize-system", "memoize-webhook").Token);

        using var notReady = await cluster.Webhook.Health.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("the cache ConfigMap index has not synced yet\n", await notReady.Content.ReadAsStringAsync());
        Assert.False(cluster.Cluster.Index.IsSynced);

        await Deadline.WaitUntilAsync(
            () => cluster.Webhook.Logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains(
                "(the webhook's service account needs list and watch on clusterworkflowtemplates.argoproj.io in all namespaces; see the ClusterRole in manifests/base)",
                StringComparison.Ordinal)),
            "the forbidden list is logged with what to grant");

        foreach (var resource in new[] { "workflows", "workflowtemplates", "clusterworkflowtemplates", "cronworkflows" })
        {
            cluster.Emulator.Authorization.Allow(WebhookUser, "list", resource, apiGroup: "argoproj.io");
            cluster.Emulator.Authorization.Allow(WebhookUser, "watch", resource, apiGroup: "argoproj.io");
        }

        await Deadline.WaitUntilAsync(
            async () =>
            {
                using var response = await cluster.Webhook.Health.GetAsync("/readyz");
                return response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == "ok\n";
            },
            "/readyz says ok");
        Assert.Single(cluster.Webhook.Logs.Lines, l => l.Message == "The cache ConfigMap index has synced: 0 Argo objects listed (0 workflows, 0 workflowtemplates, 0 clusterworkflowtemplates, 0 cronworkflows)");
    }

    [Fact]
    public async Task The_start_log_names_the_cluster_in_use()
    {
        await using var cluster = await EmulatedCluster.StartAsync();

        var line = Assert.Single(cluster.Webhook.Logs.Lines, l => l.Message.StartsWith("Using the Kubernetes cluster at ", StringComparison.Ordinal));
        Assert.Equal(
            $"Using the Kubernetes cluster at {cluster.Emulator.BaseAddress} (kubeconfig {cluster.KubeconfigPath}, context emulator): RBAC hints, the cache label check and the cache ConfigMap index are on",
            line.Message);
    }

    [Fact]
    public async Task Dev_without_a_cluster_is_said_once_and_the_webhook_is_ready_at_once()
    {
        await using var server = await WebhookServer.StartWithAsync(new WebhookOptions(), WebhookDependencies.WithoutCluster(ClusterChoice.DevWithoutCluster));

        Assert.Single(server.Logs.Lines, l => l.Message.Contains("RBAC hints", StringComparison.Ordinal));
        Assert.Single(server.Logs.Lines, l => l.Message == "--dev: no Kubernetes cluster is used: RBAC hints and the cache ConfigMap index are off; add --kubeconfig PATH to use one");
        Assert.Equal("ok\n", await server.Health.GetStringAsync("/readyz"));
    }
}
