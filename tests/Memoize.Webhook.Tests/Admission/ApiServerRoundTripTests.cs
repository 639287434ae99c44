using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Admission;

/// <summary>
/// The API emulator calls the running webhook the way kube-apiserver does, configured by the project's own webhook
/// configurations (manifests/base) with the test CA as caBundle: what a kubectl user would get back.
/// </summary>
public sealed class ApiServerRoundTripTests : IAsyncLifetime
{
    private KubernetesApiEmulator? _emulator;
    private WebhookServer? _webhook;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        _emulator = await KubernetesApiEmulator.StartAsync();
        _webhook = await WebhookServer.StartAsync();
        var manifests = Path.Combine(RenderedManifests.RepositoryRoot, "manifests", "base");
        var yaml = File.ReadAllText(Path.Combine(manifests, "validatingwebhookconfiguration.yaml")) + "\n---\n" + File.ReadAllText(Path.Combine(manifests, "mutatingwebhookconfiguration.yaml"));
        _emulator.Admission.ApplyManifestYaml(yaml, _webhook.Certificates.Authority.ExportCertificatePem());
        _emulator.Admission.MapService("memoize-system", "memoize-webhook", _webhook.AdmissionUri);
        _client = _emulator.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private static JsonObject RecordedObject(string fixture, Action<JsonObject>? edit = null)
    {
        var obj = Fixtures.AdmissionJson(fixture)["request"]!["object"]!.DeepClone().AsObject();
        obj["metadata"]!.AsObject().Remove("managedFields");
        obj["metadata"]!.AsObject().Remove("creationTimestamp");
        edit?.Invoke(obj);
        return obj;
    }

    [Fact]
    public async Task A_broken_workflow_is_refused_with_the_whole_message_as_kubectl_shows_it()
    {
        var workflow = RecordedObject("workflow-create-kubectl-apply.json", o => o["spec"]!["templates"]![0]!["memoize"]!["key"] = "my.key");
        using var response = await _client!.PostAsJsonAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", workflow);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(
            "admission webhook \"validate.memoize.argoproj.io\" denied the request: Workflow argo/memo-apply has 1 memoize problem:\n" +
            "- spec.templates[0].memoize.key: Invalid value: \"my.key\": invalid cache key: a key must start with a letter or digit and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$), e.g. \"my-key\"",
            (string?)status!["message"]);
        Assert.Null(status["details"]?["causes"]);
    }

    [Fact]
    public async Task A_valid_workflow_is_stored_and_a_cache_ConfigMap_gets_the_label()
    {
        using var workflow = await _client!.PostAsJsonAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", RecordedObject("workflow-create-kubectl-apply.json"));
        Assert.Equal(HttpStatusCode.Created, workflow.StatusCode);

        using var configMap = await _client!.PostAsJsonAsync("/api/v1/namespaces/argo/configmaps", RecordedObject("configmap-create-cache-unlabelled.json"));
        Assert.Equal(HttpStatusCode.Created, configMap.StatusCode);
        var stored = await configMap.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Cache", (string?)stored!["metadata"]!["labels"]!["workflows.argoproj.io/configmap-type"]);
        Assert.True(JsonNode.DeepEquals(RecordedObject("configmap-create-cache-unlabelled.json")["data"], stored["data"]));
    }

    [Fact]
    public async Task Rule_warnings_reach_the_client_as_Warning_headers()
    {
        var workflow = RecordedObject("workflow-create-kubectl-apply.json", o => o["spec"]!["templates"]![0]!["memoize"]!.AsObject().Remove("maxAge"));
        using var response = await _client!.PostAsJsonAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", workflow);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single(response.Headers.GetValues("Warning"));
        Assert.Contains("main: memoize.maxAge: Required value: without maxAge cached entries never expire; set one, e.g. maxAge: \\\"24h\\\"", warning, StringComparison.Ordinal);
    }
}
