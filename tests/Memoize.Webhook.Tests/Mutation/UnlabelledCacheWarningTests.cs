using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Mutation;

/// <summary>A referenced cache ConfigMap that exists without the Cache label gets a warning (Argo would refuse it at run time).</summary>
public sealed class UnlabelledCacheWarningTests
{
    private static async Task<WebhookServer> StartAsync(FakeConfigMapReader configMaps)
    {
        var index = new CacheConfigMapIndex(new WebhookOptions().CacheNamespacePolicy);
        index.MarkSynced();
        return await WebhookServer.StartWithAsync(new WebhookOptions(), new WebhookDependencies(new FakeAccessReviewer(), configMaps, index));
    }

    public static TheoryData<string, string?> Cases => new()
    {
        { "", "main: cache ConfigMap argo/greeting-cache exists without the label workflows.argoproj.io/configmap-type=Cache; Argo will refuse to use it. Fix: kubectl label configmap greeting-cache -n argo workflows.argoproj.io/configmap-type=Cache" },
        { "Parameter", "main: cache ConfigMap argo/greeting-cache is labelled workflows.argoproj.io/configmap-type=Parameter, so it is not a cache and Argo will refuse to use it; name another ConfigMap in memoize.cache.configMap.name" },
        { "Cache", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_label_of_an_existing_cache_ConfigMap_is_checked(string label, string? expectedWarning)
    {
        var configMaps = new FakeConfigMapReader();
        configMaps.ConfigMaps["argo/greeting-cache"] = label.Length == 0
            ? new Dictionary<string, string> { ["team"] = "data" }
            : new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = label };
        await using var server = await StartAsync(configMaps);
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));

        var warnings = body["response"]!["warnings"]?.AsArray().Select(w => (string)w!).ToList() ?? [];
        Assert.Equal(expectedWarning is null ? [] : [expectedWarning], warnings);
        Assert.Null(body["response"]!["patch"]);
    }

    [Fact]
    public async Task A_cache_ConfigMap_that_does_not_exist_yet_is_fine()
    {
        await using var server = await StartAsync(new FakeConfigMapReader());
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("cronworkflow-create.json"));
        Assert.Equal(Reviews.Allowed("8e4e7fe1-4fc1-46b1-ab00-e5068ae916a9"), body.ToJsonString());
    }

    [Fact]
    public async Task A_failed_read_means_no_warning_and_is_counted()
    {
        await using var server = await StartAsync(new FakeConfigMapReader { Fails = true });
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
        Assert.Equal("1", (await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_configmap_read_failures_total"));
    }
}
