using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Memoize.ApiEmulator;
using Memoize.Reconciler.Hosting;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Rbac;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// The component <c>argo-controller-cache-rbac</c> is the fix the webhook's RBAC hint recommends: rendered through an
/// overlay (the shipped one, or the one docs/install.md shows for Argo elsewhere), it grants Argo's controller the
/// ConfigMap verbs where the webhook and the reconciler look for caches, and the webhook then has nothing to warn about.
/// </summary>
public sealed class ArgoControllerCacheRbacTests(ITestOutputHelper output)
{
    private const string DocumentedOverlayFirstLine = "# manifests/overlays/my-cluster/kustomization.yaml";

    [Theory]
    [InlineData("manifests/overlays/cert-manager-with-argo-cache-rbac", "argo", "argo")]
    [InlineData("docs/install.md", "workflows", "argo-workflow-controller")]
    public async Task The_component_grants_the_Argo_controller_its_ConfigMap_verbs_where_both_parts_look_for_caches(string source, string argoNamespace, string serviceAccount)
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var documents = source.EndsWith(".md", StringComparison.Ordinal) ? RenderDocumentedOverlay(source) : RenderedManifests.Render(source);

        var role = RenderedManifests.Single(documents, "Role", RbacHint.RoleName);
        Assert.Equal(argoNamespace, (string?)role["metadata"]!["namespace"]);
        RenderedManifests.AssertJson("""[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","create","update","delete"]}]""", role["rules"]);
        var binding = RenderedManifests.Single(documents, "RoleBinding", RbacHint.RoleName);
        Assert.Equal(argoNamespace, (string?)binding["metadata"]!["namespace"]);
        RenderedManifests.AssertJson($$"""{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"{{RbacHint.RoleName}}"}""", binding["roleRef"]);
        RenderedManifests.AssertJson($$"""[{"kind":"ServiceAccount","name":"{{serviceAccount}}","namespace":"{{argoNamespace}}"}]""", binding["subjects"]);

        // The webhook checks that user in that namespace, and the reconciler keeps caches there.
        var webhook = WebhookOptionsOf(documents);
        Assert.Equal($"system:serviceaccount:{argoNamespace}:{serviceAccount}", webhook.ControllerServiceAccount);
        Assert.Equal(argoNamespace, webhook.CacheNamespace);
        var reconciler = RenderedManifests.Container(documents, "memoize-reconciler");
        Assert.True(ReconcilerOptions.TryParse(RenderedManifests.Arguments(reconciler), RenderedManifests.Environment(reconciler), out var options, out var error), error);
        Assert.Equal(argoNamespace, options.ControllerNamespace);

        // The rest of the install is still there, untouched by the component.
        Assert.Equal("memoize-system", (string?)RenderedManifests.Single(documents, "Role", "memoize-reconciler-leader-election")["metadata"]!["namespace"]);
        Assert.Equal("memoize-system/memoize-webhook", (string?)RenderedManifests.Single(documents, "ValidatingWebhookConfiguration", "validate.memoize.argoproj.io")["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]);

        // With only what the component grants (and Argo's GC on, so delete is needed too), the webhook gives no hint.
        var (warnings, hinted) = await ReviewWithRenderedRbacAsync(documents, webhook with { CacheGc = true }, argoNamespace, serviceAccount);
        Assert.Empty(warnings);
        Assert.False(hinted, "the workflow got the annotation " + RbacHint.AnnotationKey);
    }

    [Fact]
    public async Task Without_the_component_the_webhook_hint_recommends_the_Role_the_component_creates()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/overlays/cert-manager");
        Assert.DoesNotContain(documents, d => (string?)d["metadata"]!["name"] == RbacHint.RoleName);

        // Argo's default roles: get, list and watch only.
        var (warnings, hinted) = await ReviewWithRenderedRbacAsync(documents, WebhookOptionsOf(documents), "argo", "argo", ["get", "list", "watch"]);
        Assert.Equal(
            "memoize: the Argo controller (system:serviceaccount:argo:argo) cannot create, update configmaps in namespace \"argo\": memoized steps will fail to save. " +
            "Fix: kubectl create role argo-memoize-cache --verb=get,create,update --resource=configmaps -n argo && " +
            "kubectl create rolebinding argo-memoize-cache --role=argo-memoize-cache --serviceaccount=argo:argo -n argo",
            Assert.Single(warnings));
        Assert.True(hinted);

        var component = File.ReadAllText(Path.Combine(RenderedManifests.RepositoryRoot, "manifests", "components", "argo-controller-cache-rbac", "role.yaml"));
        Assert.Contains($"name: {RbacHint.RoleName}\n", component, StringComparison.Ordinal);
    }

    private static WebhookOptions WebhookOptionsOf(IReadOnlyList<JsonObject> documents)
    {
        var container = RenderedManifests.Container(documents, "memoize-webhook");
        var parsed = WebhookCommandLine.Parse(RenderedManifests.Arguments(container), new System.Collections.Hashtable(RenderedManifests.Environment(container)));
        Assert.True(parsed.Error is null, "the webhook Deployment's args and env do not parse: " + parsed.Error);
        return parsed.Options!;
    }

    // The recorded kubectl apply of a memoized Workflow, reviewed by /mutate with SubjectAccessReviews answered by the
    // emulator from the rendered RBAC (plus extraVerbs in the cache namespace). Returns the warnings and whether the hint annotation was patched in.
    private static async Task<(IReadOnlyList<string> Warnings, bool Hinted)> ReviewWithRenderedRbacAsync(
        IReadOnlyList<JsonObject> documents, WebhookOptions options, string argoNamespace, string serviceAccount, string[]? extraVerbs = null)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var controller = emulator.AddServiceAccount(argoNamespace, serviceAccount);
        RenderedRbac.Grant(emulator.Authorization, documents, argoNamespace, serviceAccount);
        foreach (var verb in extraVerbs ?? [])
        {
            emulator.Authorization.Allow(controller.Username, verb, "configmaps", argoNamespace, "");
        }

        using var cluster = new EmulatorClusterClient(emulator);
        var index = new CacheConfigMapIndex(options.CacheNamespacePolicy);
        index.MarkSynced();
        await using var webhook = await WebhookServer.StartWithAsync(options, new WebhookDependencies(cluster.Reviewer, cluster.ConfigMaps, index));
        var (_, body) = await webhook.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        var response = body["response"]!;
        Assert.Equal("true", response["allowed"]!.ToJsonString());
        var warnings = (response["warnings"]?.AsArray() ?? []).Select(w => (string)w!).ToList();
        var patch = response["patch"] is null ? "" : System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)response["patch"]!));
        return (warnings, patch.Contains("rbac-hint", StringComparison.Ordinal));
    }

    // The overlay docs/install.md shows, written to a temporary directory with its relative paths pointing back at
    // the repository, as if it were manifests/overlays/my-cluster.
    private static IReadOnlyList<JsonObject> RenderDocumentedOverlay(string document)
    {
        var markdown = File.ReadAllText(Path.Combine(RenderedManifests.RepositoryRoot, document));
        var block = Regex.Match(markdown, "```yaml\n(" + Regex.Escape(DocumentedOverlayFirstLine) + "\n.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, $"{document} has no ```yaml block starting with {DocumentedOverlayFirstLine}");

        var meantAt = Path.Combine(RenderedManifests.RepositoryRoot, "manifests", "overlays", "my-cluster");
        var directory = Directory.CreateTempSubdirectory("memoize-documented-overlay-");
        try
        {
            var kustomization = Regex.Replace(block.Groups[1].Value, @"^(\s*- )(\.\./\S+)$",
                m => m.Groups[1].Value + Path.GetRelativePath(directory.FullName, Path.GetFullPath(Path.Combine(meantAt, m.Groups[2].Value))),
                RegexOptions.Multiline);
            File.WriteAllText(Path.Combine(directory.FullName, "kustomization.yaml"), kustomization);
            return RenderedManifests.Render(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
