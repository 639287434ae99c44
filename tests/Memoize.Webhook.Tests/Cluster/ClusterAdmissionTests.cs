using System.Text.Json.Nodes;
using Memoize.Webhook.Tests.Support;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>
/// The webhook wired to a cluster (the API emulator, reached through a kubeconfig by the project's own client), called by
/// that cluster's admission as kubectl users would trigger it: RBAC hints from SubjectAccessReviews, the unlabelled-cache
/// warning from a ConfigMap read, and the Cache label from the informer-fed index.
/// </summary>
public sealed class ClusterAdmissionTests : IAsyncLifetime
{
    private const string Workflows = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows";
    private const string WorkflowTemplates = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflowtemplates";
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";
    private const string HintText =
        "the Argo controller (system:serviceaccount:argo:argo) cannot create, update configmaps in namespace \"argo\": memoized steps will fail to save. " +
        "Fix: kubectl create role argo-memoize-cache --verb=get,create,update --resource=configmaps -n argo && " +
        "kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --serviceaccount=argo:argo -n argo";

    private EmulatedCluster? _cluster;

    private EmulatedCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await EmulatedCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_controller_granted_get_create_update_gets_no_hint()
    {
        Cluster.GrantController("get", "create", "update");

        var (stored, warnings) = await Cluster.CreateAsync(Workflows, RecordedWorkflow());

        Assert.Empty(warnings);
        Assert.Null(stored["metadata"]!["annotations"]!["memoize.argoproj.io/rbac-hint"]);
    }

    [Fact]
    public async Task A_controller_with_Argo_default_read_only_verbs_gets_the_hint_warning_and_annotation()
    {
        Cluster.GrantController("get", "list", "watch");

        var (stored, warnings) = await Cluster.CreateAsync(Workflows, RecordedWorkflow());

        Assert.Equal(["memoize: " + HintText], warnings);
        Assert.Equal(HintText, (string?)stored["metadata"]!["annotations"]!["memoize.argoproj.io/rbac-hint"]);
    }

    [Fact]
    public async Task Verbs_granted_to_the_service_account_groups_count_like_in_RBAC()
    {
        // A RoleBinding to the group of every service account in argo: the review must carry the user's groups.
        foreach (var verb in new[] { "get", "create", "update" })
        {
            Cluster.Emulator.Authorization.AllowGroup("system:serviceaccounts:argo", verb, "configmaps", "argo", "");
        }

        var (_, warnings) = await Cluster.CreateAsync(Workflows, RecordedWorkflow());

        Assert.Empty(warnings);
    }

    [Fact]
    public async Task A_referenced_cache_ConfigMap_that_exists_without_the_label_is_warned_about()
    {
        Cluster.GrantController("get", "create", "update");
        var (configMap, _) = await Cluster.CreateAsync(ConfigMaps, PlainConfigMap("greeting-cache"));
        Assert.Null(configMap["metadata"]!["labels"]);

        var (_, warnings) = await Cluster.CreateAsync(Workflows, RecordedWorkflow());

        Assert.Equal(
            ["main: cache ConfigMap argo/greeting-cache exists without the label workflows.argoproj.io/configmap-type=Cache; Argo will refuse to use it. Fix: kubectl label configmap greeting-cache -n argo workflows.argoproj.io/configmap-type=Cache"],
            warnings);
    }

    [Fact]
    public async Task A_ConfigMap_named_by_a_WorkflowTemplate_is_labelled_until_the_template_is_deleted()
    {
        Cluster.GrantController("get", "create", "update");
        await Cluster.CreateAsync(WorkflowTemplates, SharedTemplate());
        await Deadline.WaitUntilAsync(() => Cluster.Cluster.Index.IsNamedCache("argo", "shared-cache"), "the informer has put shared-cache in the index");

        var (labelled, _) = await Cluster.CreateAsync(ConfigMaps, PlainConfigMap("shared-cache"));
        Assert.Equal("""{"workflows.argoproj.io/configmap-type":"Cache"}""", labelled["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"greeting":"hello"}""", labelled["data"]!.ToJsonString());

        await Cluster.DeleteAsync(ConfigMaps + "/shared-cache");
        await Cluster.DeleteAsync(WorkflowTemplates + "/shared");
        await Deadline.WaitUntilAsync(() => !Cluster.Cluster.Index.IsNamedCache("argo", "shared-cache"), "the informer has taken shared-cache out of the index");

        var (plain, _) = await Cluster.CreateAsync(ConfigMaps, PlainConfigMap("shared-cache"));
        Assert.Null(plain["metadata"]!["labels"]);
    }

    [Fact]
    public async Task The_index_keeps_following_the_cluster_after_the_watch_history_is_compacted()
    {
        Cluster.GrantController("get", "create", "update");
        await Deadline.WaitUntilAsync(() => Cluster.Emulator.OpenWatchCount == 4, "the four informers watch");

        // Every open watch gets 410 Expired: the informers must list again and carry on watching.
        Cluster.Emulator.Compact();
        await Cluster.CreateAsync(WorkflowTemplates, SharedTemplate());

        await Deadline.WaitUntilAsync(() => Cluster.Cluster.Index.IsNamedCache("argo", "shared-cache"), "the re-listed informer has put shared-cache in the index");
    }

    [Fact]
    public async Task A_failing_SubjectAccessReview_admits_without_a_hint_and_is_counted()
    {
        Cluster.Emulator.Faults.FailNext(3, 500, resource: "subjectaccessreviews", message: "etcdserver: request timed out");

        var (_, warnings) = await Cluster.CreateAsync(Workflows, RecordedWorkflow());

        Assert.Empty(warnings);
        Assert.Equal("1", (await PrometheusScrape.GetAsync(Cluster.Webhook.Health)).Value("memoize_webhook_subjectaccessreview_failures_total"));
    }

    [Fact]
    public async Task All_four_Argo_kinds_feed_the_index_and_an_update_replaces_the_names_an_object_gave()
    {
        Cluster.GrantController("get", "create", "update");
        await Cluster.CreateAsync(Workflows, Memoized("Workflow", "wf", "argo", "workflow-cache"));
        await Cluster.CreateAsync(WorkflowTemplates, Memoized("WorkflowTemplate", "wt", "argo", "template-cache"));
        await Cluster.CreateAsync("/apis/argoproj.io/v1alpha1/clusterworkflowtemplates", Memoized("ClusterWorkflowTemplate", "cwt", null, "cluster-template-cache"));
        var cron = Memoized("CronWorkflow", "cron", "argo", "cron-cache");
        cron["spec"] = new JsonObject { ["schedule"] = "0 * * * *", ["workflowSpec"] = cron["spec"]!.DeepClone() };
        await Cluster.CreateAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/cronworkflows", cron);

        string[] names = ["workflow-cache", "template-cache", "cluster-template-cache", "cron-cache"];
        await Deadline.WaitUntilAsync(() => names.All(name => Cluster.Cluster.Index.IsNamedCache("argo", name)), "every kind's cache name is in the index");

        using var patch = new StringContent(
            """{"spec":{"templates":[{"name":"main","memoize":{"key":"fixed","maxAge":"1h","cache":{"configMap":{"name":"renamed-cache"}}},"container":{"image":"busybox"}}]}}""",
            System.Text.Encoding.UTF8,
            "application/merge-patch+json");
        using var patched = await Cluster.Client.PatchAsync(Workflows + "/wf", patch);
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        await Deadline.WaitUntilAsync(
            () => Cluster.Cluster.Index.IsNamedCache("argo", "renamed-cache") && !Cluster.Cluster.Index.IsNamedCache("argo", "workflow-cache"),
            "the updated Workflow's new cache name replaced its old one");
    }

    private static JsonObject Memoized(string kind, string name, string? @namespace, string cache)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["spec"] = JsonNode.Parse($$"""
                {
                  "entrypoint": "main",
                  "templates": [
                    { "name": "main", "memoize": { "key": "fixed", "maxAge": "1h", "cache": { "configMap": { "name": "{{cache}}" } } }, "container": { "image": "busybox" } }
                  ]
                }
                """),
        };
    }

    private static JsonObject RecordedWorkflow()
    {
        var obj = Fixtures.AdmissionJson("workflow-create-kubectl-apply.json")["request"]!["object"]!.DeepClone().AsObject();
        obj["metadata"]!.AsObject().Remove("managedFields");
        obj["metadata"]!.AsObject().Remove("creationTimestamp");
        return obj;
    }

    private static JsonObject SharedTemplate() => JsonNode.Parse("""
        {
          "apiVersion": "argoproj.io/v1alpha1",
          "kind": "WorkflowTemplate",
          "metadata": { "name": "shared", "namespace": "argo" },
          "spec": {
            "entrypoint": "main",
            "templates": [
              {
                "name": "main",
                "memoize": { "key": "fixed", "maxAge": "1h", "cache": { "configMap": { "name": "shared-cache" } } },
                "container": { "image": "busybox" }
              }
            ]
          }
        }
        """)!.AsObject();

    // Plain data: not shaped like cache entries, so only the index can make it a cache.
    private static JsonObject PlainConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "argo" },
        ["data"] = new JsonObject { ["greeting"] = "hello" },
    };
}
