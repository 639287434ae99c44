using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// <c>kubectl kustomize</c> renders the base and each overlay, and what it renders is what the runbook promises.
/// Without kubectl these tests say so and pass (xunit 2 has no runtime skip).
/// </summary>
public sealed class ManifestTests(ITestOutputHelper output)
{
    private static readonly string[] ArgoResources = ["workflows", "workflowtemplates", "clusterworkflowtemplates", "cronworkflows"];

    private bool KubectlMissing() => RenderedManifests.KubectlMissing(output);

    [Fact]
    public void The_validating_webhook_fails_closed_on_the_four_Argo_kinds_and_exempts_system_namespaces()
    {
        if (KubectlMissing())
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/base");
        var webhook = RenderedManifests.Single(documents, "ValidatingWebhookConfiguration", "validate.memoize.argoproj.io")["webhooks"]!.AsArray().Single()!;
        Assert.Equal("validate.memoize.argoproj.io", (string?)webhook["name"]);
        Assert.Equal("Fail", (string?)webhook["failurePolicy"]);
        Assert.Equal("None", (string?)webhook["sideEffects"]);
        Assert.Equal("5", (string?)webhook["timeoutSeconds"]);
        Assert.Equal("Equivalent", (string?)webhook["matchPolicy"]);
        Assert.Equal("""["v1"]""", webhook["admissionReviewVersions"]!.ToJsonString());
        Assert.Equal("""{"service":{"name":"memoize-webhook","namespace":"memoize-system","path":"/validate","port":"443"}}""", webhook["clientConfig"]!.ToJsonString());
        var rule = webhook["rules"]!.AsArray().Single()!;
        Assert.Equal("""["CREATE","UPDATE"]""", rule["operations"]!.ToJsonString());
        Assert.Equal(ArgoResources, rule["resources"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(
            """{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["memoize-system","kube-system"]}]}""",
            webhook["namespaceSelector"]!.ToJsonString());
    }

    [Fact]
    public void The_mutating_webhooks_fail_open_and_are_never_reinvoked()
    {
        if (KubectlMissing())
        {
            return;
        }

        var webhooks = RenderedManifests.Single(RenderedManifests.Render("manifests/base"), "MutatingWebhookConfiguration", "mutate.memoize.argoproj.io")["webhooks"]!.AsArray();
        Assert.Equal(2, webhooks.Count);
        Assert.All(webhooks, webhook =>
        {
            Assert.Equal("Ignore", (string?)webhook!["failurePolicy"]);
            Assert.Equal("Never", (string?)webhook["reinvocationPolicy"]);
            Assert.Equal("None", (string?)webhook["sideEffects"]);
            Assert.Equal("/mutate", (string?)webhook["clientConfig"]!["service"]!["path"]);
            Assert.Equal("""["v1"]""", webhook["admissionReviewVersions"]!.ToJsonString());
        });
        Assert.Equal("""["configmaps"]""", webhooks[0]!["rules"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("DoesNotExist", (string?)webhooks[0]!["objectSelector"]!["matchExpressions"]![0]!["operator"]);
        Assert.Equal(ArgoResources, webhooks[1]!["rules"]![0]!["resources"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public void The_deployment_is_hardened_and_its_arguments_parse()
    {
        if (KubectlMissing())
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/base");
        var deployment = RenderedManifests.Single(documents, "Deployment", "memoize-webhook");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]!.AsArray().Single()!;
        Assert.Equal("2", (string?)deployment["spec"]!["replicas"]);
        Assert.Equal("true", (string?)pod["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        Assert.NotNull(pod["affinity"]!["podAntiAffinity"]);
        Assert.Equal("true", (string?)container["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal("false", (string?)container["securityContext"]!["allowPrivilegeEscalation"]);
        Assert.Equal("""["ALL"]""", container["securityContext"]!["capabilities"]!["drop"]!.ToJsonString());
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/etc/memoize/tls", (string?)container["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal("memoize-webhook-tls", (string?)pod["volumes"]![0]!["secret"]!["secretName"]);
        Assert.NotNull(container["resources"]!["requests"]);

        var environment = new System.Collections.Hashtable();
        foreach (var variable in container["env"]!.AsArray())
        {
            environment[(string)variable!["name"]!] = (string?)variable["value"];
        }

        var parsed = WebhookCommandLine.Parse([.. container["args"]!.AsArray().Select(a => (string)a!)], environment);
        Assert.Null(parsed.Error);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8443), parsed.Options!.AdmissionEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8080), parsed.Options.HealthEndpoint);
        Assert.Equal("system:serviceaccount:argo:argo", parsed.Options.ControllerServiceAccount);

        var service = RenderedManifests.Single(documents, "Service", "memoize-webhook");
        Assert.Equal("443", (string?)service["spec"]!["ports"]![0]!["port"]);
        Assert.Equal("https", (string?)service["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Equal("8443", (string?)container["ports"]![0]!["containerPort"]);
        Assert.Equal("1", (string?)RenderedManifests.Single(documents, "PodDisruptionBudget", "memoize-webhook")["spec"]!["minAvailable"]);
    }

    [Fact]
    public void The_webhook_may_only_read()
    {
        if (KubectlMissing())
        {
            return;
        }

        var rules = RenderedManifests.Single(RenderedManifests.Render("manifests/base"), "ClusterRole", "memoize-webhook")["rules"]!.AsArray();
        Assert.Equal(
            """[{"apiGroups":["authorization.k8s.io"],"resources":["subjectaccessreviews"],"verbs":["create"]},{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]},{"apiGroups":["argoproj.io"],"resources":["workflows","workflowtemplates","clusterworkflowtemplates","cronworkflows"],"verbs":["list","watch"]}]""",
            rules.ToJsonString());
    }

    [Fact]
    public void The_cert_manager_overlay_issues_the_Secret_and_injects_the_CA_into_both_configurations()
    {
        if (KubectlMissing())
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/overlays/cert-manager");
        foreach (var (kind, name) in new[] { ("ValidatingWebhookConfiguration", "validate.memoize.argoproj.io"), ("MutatingWebhookConfiguration", "mutate.memoize.argoproj.io") })
        {
            Assert.Equal("memoize-system/memoize-webhook", (string?)RenderedManifests.Single(documents, kind, name)["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]);
        }

        var certificate = RenderedManifests.Single(documents, "Certificate", "memoize-webhook");
        Assert.Equal("memoize-webhook-tls", (string?)certificate["spec"]!["secretName"]);
        Assert.Contains("memoize-webhook.memoize-system.svc", certificate["spec"]!["dnsNames"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void The_dev_certificates_render_with_the_dev_overlay_and_serve_TLS_that_their_CA_validates()
    {
        if (KubectlMissing())
        {
            return;
        }

        Assert.Equal("1", (string?)RenderedManifests.Single(RenderedManifests.Render("manifests/overlays/dev"), "Deployment", "memoize-webhook")["spec"]!["replicas"]);

        var scratch = Path.Combine(Path.GetTempPath(), "memoize-dev-certs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, stdout, error) = RenderedManifests.Run("bash", ["certs/dev-certs.sh", Path.Combine(scratch, "certs")], RenderedManifests.RepositoryRoot);
            Assert.True(exitCode == 0, "certs/dev-certs.sh failed: " + error);
            var caPem = File.ReadAllText(Path.Combine(scratch, "certs", "ca.crt"));
            var caBundle = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
            Assert.Equal($"caBundle: {caBundle}\n", stdout);

            var documents = RenderedManifests.Render(Path.Combine(scratch, "overlay"));
            Assert.Equal(caBundle, (string?)RenderedManifests.Single(documents, "ValidatingWebhookConfiguration", "validate.memoize.argoproj.io")["webhooks"]![0]!["clientConfig"]!["caBundle"]);
            Assert.All(
                RenderedManifests.Single(documents, "MutatingWebhookConfiguration", "mutate.memoize.argoproj.io")["webhooks"]!.AsArray(),
                w => Assert.Equal(caBundle, (string?)w!["clientConfig"]!["caBundle"]));
            Assert.Equal("kubernetes.io/tls", (string?)RenderedManifests.Single(documents, "Secret", "memoize-webhook-tls")["type"]);
            Assert.False(File.Exists(Path.Combine(RenderedManifests.RepositoryRoot, "manifests", "overlays", "dev", "tls.key")), "no key lands in the repository");

            AssertServesWithCa(Path.Combine(scratch, "certs"), X509Certificate2.CreateFromPem(caPem));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    // The webhook loads openssl's PEM pair and a client trusting only the dev CA accepts the handshake.
    private static void AssertServesWithCa(string certificates, X509Certificate2 authority)
    {
        var options = new WebhookOptions
        {
            AdmissionEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            HealthEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertFile = Path.Combine(certificates, "tls.crt"),
            TlsKeyFile = Path.Combine(certificates, "tls.key"),
        };
        var app = WebhookHost.Build(options, WebhookDependencies.NoCluster, logging => logging.AddProvider(new CapturedLogs()));
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            var port = new Uri(app.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal))).Port;
            using var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, port);
            using var tls = new SslStream(tcp.GetStream());
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && chain.Build(new X509Certificate2(certificate!));
                },
            });
            Assert.True(tls.IsAuthenticated);
            Assert.True(tls.SslProtocol is System.Security.Authentication.SslProtocols.Tls12 or System.Security.Authentication.SslProtocols.Tls13);
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
