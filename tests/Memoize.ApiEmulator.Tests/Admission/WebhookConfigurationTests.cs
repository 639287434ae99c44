using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Admission;

/// <summary>Webhook configurations: loaded from YAML or the API, defaulted and validated like kube-apiserver does.</summary>
public sealed class WebhookConfigurationTests
{
    private const string Validating = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";

    [Fact]
    public async Task Applied_configurations_are_stored_with_the_v1_defaults()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var applied = emulator.Admission.ApplyManifestYaml("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {name: memoize}
            webhooks:
            - name: validate.memoize.dev
              admissionReviewVersions: [v1]
              sideEffects: None
              clientConfig: {service: {namespace: memoize-system, name: memoize-webhook, path: /validate}}
              rules: [{apiGroups: [argoproj.io], apiVersions: [v1alpha1], operations: [CREATE, UPDATE], resources: [workflows]}]
            """);
        var stored = (await client.ApiGetAsync($"{Validating}/memoize")).Json;

        Assert.Equal(["validatingwebhookconfigurations/memoize"], applied);
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(
            """{"name":"validate.memoize.dev","clientConfig":{"service":{"namespace":"memoize-system","name":"memoize-webhook","path":"/validate","port":443}},"rules":[{"apiGroups":["argoproj.io"],"apiVersions":["v1alpha1"],"operations":["CREATE","UPDATE"],"resources":["workflows"],"scope":"*"}],"failurePolicy":"Fail","matchPolicy":"Equivalent","namespaceSelector":{},"objectSelector":{},"sideEffects":"None","timeoutSeconds":10,"admissionReviewVersions":["v1"]}""",
            stored["webhooks"]![0]!.Compact());
    }

    [Fact]
    public async Task Applying_again_replaces_the_configuration_and_moves_its_generation()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var url = new Uri("https://127.0.0.1:1/validate");

        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "memoize", url));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "memoize", url, failurePolicy: "Ignore"));
        var stored = (await client.ApiGetAsync($"{Validating}/memoize")).Json;

        Assert.Equal("Ignore", stored["webhooks"]![0]!["failurePolicy"]!.GetValue<string>());
        Assert.Equal(2, stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_broken_configuration_is_refused_with_the_apiserver_message()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => emulator.Admission.ApplyManifestYaml("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: {name: memoize}
            webhooks:
            - name: memoize
              admissionReviewVersions: [v1]
              timeoutSeconds: 45
              clientConfig: {url: "http://127.0.0.1:8443/mutate"}
              rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, PATCH], resources: [configmaps]}]
            """));

        Assert.Equal(
            "MutatingWebhookConfiguration.admissionregistration.k8s.io \"memoize\" is invalid: [webhooks[0].name: Invalid value: \"memoize\": should be a domain with at least three segments separated by dots, webhooks[0].rules[0].operations[1]: Unsupported value: \"PATCH\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\", webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun, webhooks[0].timeoutSeconds: Invalid value: 45: the timeout value must be between 1 and 30 seconds, webhooks[0].clientConfig.url: Invalid value: \"http://127.0.0.1:8443/mutate\": 'https' is the only allowed URL scheme]",
            error.Message);
    }

    [Fact]
    public async Task Broken_yaml_is_reported_as_a_format_error()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();

        var error = Assert.Throws<FormatException>(() => emulator.Admission.ApplyManifestYaml("kind: [unclosed\nmetadata: x\n"));

        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configurations_are_served_over_the_api_and_removed_by_delete()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var body = JsonNode.Parse("""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"api"},"webhooks":[{"name":"a.memoize.dev","admissionReviewVersions":["v1"],"sideEffects":"None","clientConfig":{"url":"https://127.0.0.1:1/"}}]}""")!;

        var created = await client.ApiPostAsync(Validating, body);
        var listed = (await client.ApiGetAsync(Validating)).Json;
        var deleted = await client.ApiDeleteAsync($"{Validating}/api");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("ValidatingWebhookConfigurationList", listed["kind"]!.GetValue<string>());
        Assert.Single(listed["items"]!.AsArray());
        Assert.Equal("Success", deleted.Json["status"]!.GetValue<string>());
    }
}
