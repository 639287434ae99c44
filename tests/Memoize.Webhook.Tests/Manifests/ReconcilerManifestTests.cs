using System.Net;
using System.Text.Json.Nodes;
using Memoize.Reconciler.Hosting;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// What <c>kubectl kustomize manifests/base</c> renders for the reconciler is what docs/reconciler.md and
/// docs/install.md promise. Without kubectl these tests say so and pass.
/// </summary>
public sealed class ReconcilerManifestTests(ITestOutputHelper output)
{
    private static IReadOnlyList<JsonObject>? _base;

    private static IReadOnlyList<JsonObject> Base => _base ??= RenderedManifests.Render("manifests/base");

    private static ReconcilerOptions ParsedReconcilerFlags(IReadOnlyList<JsonObject> documents)
    {
        var container = RenderedManifests.Container(documents, "memoize-reconciler");
        Assert.True(
            ReconcilerOptions.TryParse(RenderedManifests.Arguments(container), RenderedManifests.Environment(container), out var options, out var error),
            "the reconciler Deployment's args and env do not parse: " + error);
        return options;
    }

    [Fact]
    public void The_reconciler_ClusterRole_grants_exactly_the_verbs_the_reconciler_uses()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var rules = RenderedManifests.Single(Base, "ClusterRole", "memoize-reconciler")["rules"]!;
        RenderedManifests.AssertJson(
            """[{"apiGroups":["argoproj.io"],"resources":["workflows"],"verbs":["list","watch","update"]},"""
            + """{"apiGroups":["argoproj.io"],"resources":["workflowtemplates","clusterworkflowtemplates","cronworkflows"],"verbs":["list","watch"]},"""
            + """{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list","watch","create","update","delete"]},"""
            + """{"apiGroups":["events.k8s.io",""],"resources":["events"],"verbs":["create"]}]""",
            rules);

        var binding = RenderedManifests.Single(Base, "ClusterRoleBinding", "memoize-reconciler");
        RenderedManifests.AssertJson("""{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"memoize-reconciler"}""", binding["roleRef"]!);
        RenderedManifests.AssertJson("""[{"kind":"ServiceAccount","name":"memoize-reconciler","namespace":"memoize-system"}]""", binding["subjects"]!);
        Assert.Equal("memoize-reconciler", (string?)RenderedManifests.Single(Base, "Deployment", "memoize-reconciler")["spec"]!["template"]!["spec"]!["serviceAccountName"]);
        Assert.Equal("memoize-system", (string?)RenderedManifests.Single(Base, "ServiceAccount", "memoize-reconciler")["metadata"]!["namespace"]);
    }

    [Fact]
    public void The_reconciler_may_create_any_Lease_but_read_and_renew_only_its_own_in_memoize_system()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var role = RenderedManifests.Single(Base, "Role", "memoize-reconciler-leader-election");
        Assert.Equal("memoize-system", (string?)role["metadata"]!["namespace"]);
        RenderedManifests.AssertJson(
            """[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create"]},"""
            + """{"apiGroups":["coordination.k8s.io"],"resourceNames":["memoize-reconciler"],"resources":["leases"],"verbs":["get","update"]}]""",
            role["rules"]!);

        var binding = RenderedManifests.Single(Base, "RoleBinding", "memoize-reconciler-leader-election");
        Assert.Equal("memoize-system", (string?)binding["metadata"]!["namespace"]);
        RenderedManifests.AssertJson("""{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"memoize-reconciler-leader-election"}""", binding["roleRef"]!);
        RenderedManifests.AssertJson("""[{"kind":"ServiceAccount","name":"memoize-reconciler","namespace":"memoize-system"}]""", binding["subjects"]!);

        // The Lease the flags name is the one the Role lets it renew.
        var options = ParsedReconcilerFlags(Base);
        Assert.Equal("memoize-system", options.EffectiveLeaseNamespace);
        Assert.Equal("memoize-reconciler", options.LeaseName);
    }

    [Fact]
    public void The_reconciler_runs_two_hardened_replicas_whose_flags_parse_and_agree_with_the_webhook()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var deployment = RenderedManifests.Single(Base, "Deployment", "memoize-reconciler");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = RenderedManifests.Container(Base, "memoize-reconciler");
        Assert.Equal("2", (string?)deployment["spec"]!["replicas"]);
        Assert.Equal("0", (string?)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        RenderedManifests.AssertJson("""{"runAsNonRoot":"true","runAsUser":"1654","runAsGroup":"1654","seccompProfile":{"type":"RuntimeDefault"}}""", pod["securityContext"]!);
        RenderedManifests.AssertJson("""{"allowPrivilegeEscalation":"false","readOnlyRootFilesystem":"true","runAsNonRoot":"true","capabilities":{"drop":["ALL"]}}""", container["securityContext"]!);
        Assert.Equal("memoize-reconciler", (string?)pod["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!["podAffinityTerm"]!["labelSelector"]!["matchLabels"]!["app.kubernetes.io/name"]);
        Assert.Equal("ghcr.io/memoize/memoize-reconciler:0.1.0", (string?)container["image"]);
        RenderedManifests.AssertJson("""{"requests":{"cpu":"50m","memory":"128Mi"},"limits":{"memory":"512Mi"}}""", container["resources"]!);
        RenderedManifests.AssertJson("""[{"name":"tmp","mountPath":"/tmp"}]""", container["volumeMounts"]!);

        // Probes on the metrics port, which the flags open on every interface.
        RenderedManifests.AssertJson("""[{"name":"http-metrics","containerPort":"8081","protocol":"TCP"}]""", container["ports"]!);
        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            RenderedManifests.AssertJson($$"""{"path":"{{path}}","port":"http-metrics"}""", container[probe]!["httpGet"]!);
        }

        var options = ParsedReconcilerFlags(Base);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8081), options.MetricsAddress);
        Assert.True(options.GarbageCollection);
        Assert.Empty(options.Namespaces);
        Assert.Null(options.Identity); // from POD_NAME:
        RenderedManifests.AssertJson("""{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}""", container["env"]!.AsArray().Single(v => (string?)v!["name"] == "POD_NAME")!);

        // Both parts look for Argo's caches in the same place.
        var webhook = RenderedManifests.Container(Base, "memoize-webhook");
        var webhookOptions = WebhookCommandLine.Parse(RenderedManifests.Arguments(webhook), new System.Collections.Hashtable(RenderedManifests.Environment(webhook))).Options!;
        Assert.Equal("argo", options.ControllerNamespace);
        Assert.Equal(webhookOptions.CacheNamespace, options.ControllerNamespace);
        Assert.Equal(webhookOptions.CacheNamespaceMode.ToString(), options.CacheNamespaceMode.ToString());
    }

    [Fact]
    public void The_metrics_Service_and_the_disruption_budget_select_every_reconciler_replica()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var podLabels = RenderedManifests.Single(Base, "Deployment", "memoize-reconciler")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var service = RenderedManifests.Single(Base, "Service", "memoize-reconciler-metrics");
        RenderedManifests.AssertJson("""{"app.kubernetes.io/name":"memoize-reconciler"}""", service["spec"]!["selector"]!);
        RenderedManifests.AssertJson("""[{"name":"http-metrics","port":"8081","targetPort":"http-metrics","protocol":"TCP"}]""", service["spec"]!["ports"]!);
        Assert.Equal("memoize-reconciler", (string?)podLabels["app.kubernetes.io/name"]);

        var budget = RenderedManifests.Single(Base, "PodDisruptionBudget", "memoize-reconciler");
        Assert.Equal("1", (string?)budget["spec"]!["minAvailable"]);
        RenderedManifests.AssertJson("""{"matchLabels":{"app.kubernetes.io/name":"memoize-reconciler"}}""", budget["spec"]!["selector"]!);
    }

    [Fact]
    public void Every_object_is_labelled_with_its_part_its_component_and_memoize()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        foreach (var document in Base.Where(d => (string?)d["kind"] != "Namespace"))
        {
            var what = $"{document["kind"]}/{document["metadata"]!["name"]}";
            var labels = document["metadata"]!["labels"]?.AsObject();
            Assert.True(labels is not null, what + " has no labels");
            Assert.True((string?)labels["app.kubernetes.io/part-of"] == "memoize", what + " is not part-of memoize");
            var component = (string?)labels["app.kubernetes.io/component"];
            Assert.True(component is "webhook" or "reconciler", $"{what} has component {component ?? "(none)"}");
            Assert.True((string?)labels["app.kubernetes.io/name"] == "memoize-" + component, $"{what} is named {labels["app.kubernetes.io/name"]} but is the {component}");
            if (document["spec"]?["template"]?["metadata"]?["labels"] is JsonObject podLabels)
            {
                Assert.Equal(component, (string?)podLabels["app.kubernetes.io/component"]);
                Assert.Equal("memoize", (string?)podLabels["app.kubernetes.io/part-of"]);
                // Selectors stay as they were: they are immutable, and a changed one would break kubectl apply on upgrade.
                RenderedManifests.AssertJson($$$"""{"matchLabels":{"app.kubernetes.io/name":"memoize-{{{component}}}"}}""", document["spec"]!["selector"]);
            }
        }

        Assert.Equal("memoize", (string?)RenderedManifests.Single(Base, "Namespace", "memoize-system")["metadata"]!["labels"]!["app.kubernetes.io/part-of"]);
    }

    [Fact]
    public void The_dev_overlay_runs_one_reconciler_from_the_locally_built_image()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/overlays/dev");
        var container = RenderedManifests.Container(documents, "memoize-reconciler");
        Assert.Equal("1", (string?)RenderedManifests.Single(documents, "Deployment", "memoize-reconciler")["spec"]!["replicas"]);
        Assert.Equal("memoize-reconciler:dev", (string?)container["image"]);
        Assert.Equal("Never", (string?)container["imagePullPolicy"]);
        Assert.Equal("0", (string?)RenderedManifests.Single(documents, "PodDisruptionBudget", "memoize-reconciler")["spec"]!["minAvailable"]);
        Assert.Equal("memoize-webhook:dev", (string?)RenderedManifests.Container(documents, "memoize-webhook")["image"]);
    }
}
