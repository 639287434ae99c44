using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Rbac;

/// <summary>
/// RBAC hints and the cache label check against the API emulator's SubjectAccessReviews and ConfigMaps, through the
/// webhook's real cluster adapters and the project's client.
/// </summary>
public sealed class EmulatorRbacHintTests : IAsyncLifetime
{
    private const string Controller = "system:serviceaccount:argo:argo";
    private KubernetesApiEmulator? _emulator;
    private HttpClient? _client;
    private EmulatorClusterClient? _cluster;

    private KubernetesApiEmulator Emulator => _emulator!;

    public async Task InitializeAsync()
    {
        _emulator = await KubernetesApiEmulator.StartAsync();
        _emulator.AddServiceAccount("argo", "argo");
        _client = _emulator.CreateHttpClient();
        _cluster = new EmulatorClusterClient(_emulator);
    }

    public async Task DisposeAsync()
    {
        _cluster?.Dispose();
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private Task<WebhookServer> StartWebhookAsync()
    {
        var options = new WebhookOptions();
        var index = new CacheConfigMapIndex(options.CacheNamespacePolicy);
        index.MarkSynced();
        return WebhookServer.StartWithAsync(options, new WebhookDependencies(_cluster!.Reviewer, _cluster.ConfigMaps, index));
    }

    [Fact]
    public async Task Argo_default_read_only_role_gets_the_hint_with_the_missing_verbs()
    {
        // Argo's default roles grant get, list and watch only.
        foreach (var verb in new[] { "get", "list", "watch" })
        {
            Emulator.Authorization.Allow(Controller, verb, "configmaps", "argo", "");
        }

        await using var webhook = await StartWebhookAsync();
        var (_, body) = await webhook.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));

        Assert.Equal(
            "memoize: the Argo controller (system:serviceaccount:argo:argo) cannot create, update configmaps in namespace \"argo\": memoized steps will fail to save. " +
            "Fix: kubectl create role argo-memoize-cache --verb=get,create,update --resource=configmaps -n argo && " +
            "kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --serviceaccount=argo:argo -n argo",
            (string?)Assert.Single(body["response"]!["warnings"]!.AsArray()));
        Assert.NotNull(body["response"]!["patch"]);
    }

    [Fact]
    public async Task With_the_verbs_the_fix_grants_there_is_no_hint()
    {
        foreach (var verb in new[] { "get", "create", "update" })
        {
            Emulator.Authorization.Allow(Controller, verb, "configmaps", "argo", "");
        }

        await using var webhook = await StartWebhookAsync();
        var (_, body) = await webhook.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
    }

    [Fact]
    public async Task A_failing_SubjectAccessReview_means_no_hint_and_is_counted()
    {
        Emulator.Faults.FailNext(3, 500, message: "etcdserver: request timed out");
        await using var webhook = await StartWebhookAsync();
        var (_, body) = await webhook.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Null(body["response"]!["warnings"]);
        Assert.Equal("1", (await PrometheusScrape.GetAsync(webhook.Health)).Value("memoize_webhook_subjectaccessreview_failures_total"));
    }

    [Fact]
    public async Task An_existing_unlabelled_cache_ConfigMap_is_reported()
    {
        foreach (var verb in new[] { "get", "create", "update" })
        {
            Emulator.Authorization.Allow(Controller, verb, "configmaps", "argo", "");
        }

        using var created = await _client!.PostAsJsonAsync(
            "/api/v1/namespaces/argo/configmaps",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "greeting-cache", ["namespace"] = "argo" } });
        created.EnsureSuccessStatusCode();

        await using var webhook = await StartWebhookAsync();
        var (_, body) = await webhook.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(
            "main: cache ConfigMap argo/greeting-cache exists without the label workflows.argoproj.io/configmap-type=Cache; Argo will refuse to use it. Fix: kubectl label configmap greeting-cache -n argo workflows.argoproj.io/configmap-type=Cache",
            (string?)Assert.Single(body["response"]!["warnings"]!.AsArray()));
    }
}
