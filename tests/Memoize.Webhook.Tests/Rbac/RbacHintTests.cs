using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Rbac;

/// <summary>RBAC hints on /mutate for Argo objects, against a fake SubjectAccessReview: exact warning, annotation patch, failures.</summary>
public sealed class RbacHintTests
{
    private const string Hint =
        "the Argo controller (system:serviceaccount:argo:argo) cannot create, update configmaps in namespace \"argo\": memoized steps will fail to save. " +
        "Fix: kubectl create role argo-memoize-cache --verb=get,create,update --resource=configmaps -n argo && " +
        "kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --serviceaccount=argo:argo -n argo";

    private static async Task<WebhookServer> StartAsync(Action<FakeAccessReviewer> arrange, Func<WebhookOptions, WebhookOptions>? configure = null, FakeConfigMapReader? configMaps = null)
    {
        var reviewer = new FakeAccessReviewer();
        arrange(reviewer);
        var options = (configure ?? (o => o))(new WebhookOptions());
        var index = new CacheConfigMapIndex(options.CacheNamespacePolicy);
        index.MarkSynced();
        return await WebhookServer.StartWithAsync(options, new WebhookDependencies(reviewer, configMaps ?? new FakeConfigMapReader(), index));
    }

    [Fact]
    public async Task Missing_verbs_give_the_exact_warning_and_an_annotation_with_the_same_hint()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["create", "update"]));
        var review = Fixtures.AdmissionJson("workflow-create-kubectl-apply.json");
        var (_, body) = await server.ReviewAsync("/mutate", review.ToJsonString());
        var response = body["response"]!;

        Assert.True((bool)response["allowed"]!);
        Assert.Equal(["memoize: " + Hint], response["warnings"]!.AsArray().Select(w => (string)w!));
        var patch = JsonPatchApplier.Decode((string)response["patch"]!);
        Assert.Equal(
            new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations/memoize.argoproj.io~1rbac-hint", ["value"] = Hint }).ToJsonString(),
            patch.ToJsonString());
        var patched = JsonPatchApplier.Apply(review["request"]!["object"]!.AsObject(), patch);
        Assert.Equal(Hint, (string?)patched["metadata"]!["annotations"]!["memoize.argoproj.io/rbac-hint"]);
        Assert.NotNull(patched["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal(
            ["create", "get", "update"],
            server.Reviewer!.Calls.Where(c => c.User == "system:serviceaccount:argo:argo" && c.Resource == "configmaps" && c.Namespace == "argo").Select(c => c.Verb).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_object_without_annotations_gets_the_whole_annotations_map()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["create", "update"]));
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-by-serviceaccount.json"));
        Assert.Equal(
            new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { ["memoize.argoproj.io/rbac-hint"] = Hint } }).ToJsonString(),
            JsonPatchApplier.Decode((string)body["response"]!["patch"]!).ToJsonString());
    }

    [Fact]
    public async Task The_mutating_request_of_a_generateName_workflow_gets_the_hint_without_a_name()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["create", "update"]));
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-generatename.mutating.json"));
        Assert.Equal("memoize: " + Hint, (string?)body["response"]!["warnings"]![0]);
    }

    [Fact]
    public async Task A_cluster_scoped_template_is_checked_in_the_controller_namespace()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["create", "update"]));
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("clusterworkflowtemplate-create.json"));
        Assert.Equal("memoize: " + Hint, (string?)body["response"]!["warnings"]![0]);
    }

    [Fact]
    public async Task Every_verb_granted_means_no_warning_and_no_patch()
    {
        await using var server = await StartAsync(_ => { });
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
    }

    [Fact]
    public async Task A_stale_hint_is_removed_once_the_verbs_are_granted()
    {
        await using var server = await StartAsync(_ => { });
        var review = Reviews.Edited("workflow-create-kubectl-apply.json", request => request["object"]!["metadata"]!["annotations"]!["memoize.argoproj.io/rbac-hint"] = Hint);
        var (_, body) = await server.ReviewAsync("/mutate", review);
        Assert.Equal("""[{"op":"remove","path":"/metadata/annotations/memoize.argoproj.io~1rbac-hint"}]""", JsonPatchApplier.Decode((string)body["response"]!["patch"]!).ToJsonString());
        Assert.Null(body["response"]!["warnings"]);
    }

    [Fact]
    public async Task The_same_hint_already_on_the_object_is_not_patched_again()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["create", "update"]));
        var review = Reviews.Edited("workflow-create-kubectl-apply.json", request => request["object"]!["metadata"]!["annotations"]!["memoize.argoproj.io/rbac-hint"] = Hint);
        var (_, body) = await server.ReviewAsync("/mutate", review);
        Assert.Null(body["response"]!["patch"]);
        Assert.Equal("memoize: " + Hint, (string?)body["response"]!["warnings"]![0]);
    }

    [Fact]
    public async Task With_cache_gc_delete_is_needed_too()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["delete"]), o => o with { CacheGc = true });
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(
            "memoize: the Argo controller (system:serviceaccount:argo:argo) cannot delete configmaps in namespace \"argo\": cache garbage collection will fail. " +
            "Fix: kubectl create role argo-memoize-cache --verb=get,create,update,delete --resource=configmaps -n argo && " +
            "kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --serviceaccount=argo:argo -n argo",
            (string?)body["response"]!["warnings"]![0]);
    }

    [Fact]
    public async Task Workflow_mode_checks_the_workflow_namespace_and_a_configured_controller()
    {
        await using var server = await StartAsync(
            r => r.GrantedVerbs.Clear(),
            o => o with { CacheNamespaceMode = CacheNamespaceMode.Workflow, ControllerServiceAccount = "system:serviceaccount:workflows:argo-workflows-controller" });
        var review = Reviews.Edited("workflow-create-kubectl-apply.json", request =>
        {
            request["namespace"] = "team-a";
            request["object"]!["metadata"]!["namespace"] = "team-a";
        });
        var (_, body) = await server.ReviewAsync("/mutate", review);
        Assert.Equal(
            "memoize: the Argo controller (system:serviceaccount:workflows:argo-workflows-controller) cannot get, create, update configmaps in namespace \"team-a\": cache lookups will fail and memoized steps will fail to save. " +
            "Fix: kubectl create role argo-memoize-cache --verb=get,create,update --resource=configmaps -n team-a && " +
            "kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --serviceaccount=workflows:argo-workflows-controller -n team-a",
            (string?)body["response"]!["warnings"]![0]);
        Assert.All(server.Reviewer!.Calls, c => Assert.Equal("team-a", c.Namespace));
    }

    [Fact]
    public async Task A_controller_that_is_not_a_service_account_is_bound_as_a_user()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["update"]), o => o with { ControllerServiceAccount = "argo-controller" });
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.EndsWith("kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --user=argo-controller -n argo", (string?)body["response"]!["warnings"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_review_means_no_hint_and_is_counted()
    {
        await using var server = await StartAsync(r =>
        {
            r.GrantedVerbs.Clear();
            r.Fails = true;
        });
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
        Assert.Equal("1", (await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_subjectaccessreview_failures_total"));
    }

    [Fact]
    public async Task A_review_that_times_out_means_no_hint_and_is_counted()
    {
        await using var server = await StartAsync(
            r =>
            {
                r.GrantedVerbs.Clear();
                r.Hangs = true;
            },
            o => o with { LookupBudget = TimeSpan.FromMilliseconds(100) });
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
        Assert.Equal("1", (await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_subjectaccessreview_failures_total"));
    }

    [Fact]
    public async Task Answers_are_reused_so_a_second_submission_costs_no_review()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.ExceptWith(["create"]));
        await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        await server.ReviewAsync("/mutate", Fixtures.Admission("workflowtemplate-create.json"));
        Assert.Equal(3, server.Reviewer!.Calls.Count);
    }

    [Fact]
    public async Task A_status_write_by_the_controller_costs_no_review()
    {
        await using var server = await StartAsync(r => r.GrantedVerbs.Clear());
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-update-label.json"));
        Assert.Equal(Reviews.Allowed("1724a4c3-e5e4-4792-ae23-7e93c5ad1191"), body.ToJsonString());
        Assert.Empty(server.Reviewer!.Calls);
    }

    [Fact]
    public async Task Without_a_cluster_there_is_no_hint()
    {
        await using var server = await WebhookServer.StartWithAsync(new WebhookOptions(), WebhookDependencies.NoCluster);
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
        Assert.Single(server.Logs.Lines, l => l.Message.StartsWith("No cluster: RBAC hints, the cache label check and the ConfigMap index are off", StringComparison.Ordinal));
    }
}
