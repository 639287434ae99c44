using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;
using Memoize.Testing.Tls;
using Microsoft.AspNetCore.Http;

namespace Memoize.ApiEmulator.Tests.Admission;

/// <summary>How webhook answers and failures reach the client, as kube-apiserver turns them into responses.</summary>
public sealed class AdmissionBehaviourTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";
    private const string Workflows = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows";

    [Fact]
    public async Task A_denial_is_the_webhooks_status_with_the_apiserver_prefix()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, r => Reviews.Deny(r, JsonNode.Parse("""{"code":403,"message":"spec.templates[0].memoize.maxAge: Invalid value: \"1d\": use 24h"}""")!.AsObject()));
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"admission webhook \"memoize.memoize.dev\" denied the request: spec.templates[0].memoize.maxAge: Invalid value: \"1d\": use 24h","code":403}""", response.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{ConfigMaps}/c")).Status);
    }

    public static TheoryData<string, int, string> Denials => new()
    {
        // webhook status, expected HTTP code, expected message
        { """{"code":200,"message":"no"}""", 400, "admission webhook \"memoize.memoize.dev\" denied the request: no" },
        { """{}""", 400, "admission webhook \"memoize.memoize.dev\" denied the request without explanation" },
        { """{"code":409,"reason":"AlreadyExists"}""", 409, "admission webhook \"memoize.memoize.dev\" denied the request: AlreadyExists" },
    };

    [Theory]
    [MemberData(nameof(Denials))]
    public async Task Denial_codes_below_400_become_400_and_empty_messages_are_explained(string status, int code, string message)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, r => Reviews.Deny(r, JsonNode.Parse(status)!.AsObject()));
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal(code, (int)response.Status);
        Assert.Equal(message, response.Json["message"]!.GetValue<string>());
        Assert.Equal(code, response.Json["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_422_denial_keeps_reason_and_causes_for_kubectl()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var status = JsonNode.Parse("""{"code":422,"reason":"Invalid","message":"bad key","details":{"causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"a.b\": cache keys allow letters, digits and '-'","field":"spec.templates[0].memoize.key"}]}}""")!.AsObject();
        await using var webhook = await StartValidatingAsync(emulator, r => Reviews.Deny(r, status));
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("Invalid", response.Json["reason"]!.GetValue<string>());
        Assert.Equal(status["details"]!.Compact(), response.Json["details"]!.Compact());
    }

    [Fact]
    public async Task Warnings_come_back_as_one_warning_header_each_even_on_denial()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var deny = false;
        await using var webhook = await StartValidatingAsync(emulator, r => deny
            ? Reviews.Deny(r, JsonNode.Parse("""{"code":403,"message":"no"}""")!.AsObject(), "last warning")
            : Reviews.Allow(r, "maxAge \"0s\" means every lookup misses", "second"));
        using var client = emulator.CreateHttpClient();

        var allowed = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));
        deny = true;
        var denied = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("d"));

        Assert.Equal(["299 - \"maxAge \\\"0s\\\" means every lookup misses\"", "299 - \"second\""], allowed.Warnings);
        Assert.Equal(["299 - \"last warning\""], denied.Warnings);
    }

    [Fact]
    public async Task A_mutating_json_patch_is_applied_before_validation_and_storage()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var mutating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority,
            r => Task.FromResult(Reviews.Patch(r, """[{"op":"add","path":"/metadata/labels","value":{"workflows.argoproj.io/configmap-type":"Cache"}}]""")));
        await using var validating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("MutatingWebhookConfiguration", "label", new Uri(mutating.BaseAddress, "/mutate")), emulator.CaCertificatePem);
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "check", new Uri(validating.BaseAddress, "/validate")), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("greeting-cache"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("Cache", response.Json["metadata"]!["labels"]!["workflows.argoproj.io/configmap-type"]!.GetValue<string>());
        Assert.Equal("Cache", validating.Received[0].Request["object"]!["metadata"]!["labels"]!["workflows.argoproj.io/configmap-type"]!.GetValue<string>());
        Assert.Equal(["mutating", "validating"], emulator.Admission.Calls.Select(c => c.Mutating ? "mutating" : "validating"));
    }

    [Fact]
    public async Task Mutating_webhooks_see_invalid_objects_and_validating_ones_do_not()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var mutating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        await using var validating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("MutatingWebhookConfiguration", "label", new Uri(mutating.BaseAddress, "/mutate")), emulator.CaCertificatePem);
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "check", new Uri(validating.BaseAddress, "/validate")), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var tooBig = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("big", new Dictionary<string, string> { ["k"] = new('x', 1048577) }));
        var badName = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("Bad_Name"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badName.Status);
        Assert.Equal(2, mutating.Received.Count);
        Assert.Empty(validating.Received);
    }

    [Fact]
    public async Task A_patch_that_makes_the_object_invalid_gets_the_validation_422()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var mutating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority,
            r => Task.FromResult(Reviews.Patch(r, """[{"op":"add","path":"/data","value":{"bad key!":"x"}}]""")));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("MutatingWebhookConfiguration", "label", new Uri(mutating.BaseAddress, "/mutate")), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("badkey"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/post-422-badkey.json"), response.Json);
    }

    [Fact]
    public async Task GenerateName_mutating_sees_no_name_validating_sees_the_generated_one()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var mutating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        await using var validating = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("MutatingWebhookConfiguration", "m", new Uri(mutating.BaseAddress, "/mutate"), "workflows", "argoproj.io"), emulator.CaCertificatePem);
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "v", new Uri(validating.BaseAddress, "/validate"), "workflows", "argoproj.io"), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var created = (await client.ApiPostAsync(Workflows, Objects.Workflow(null, "memoized-"))).Json;

        var name = created["metadata"]!["name"]!.GetValue<string>();
        Assert.Null(mutating.Received[0].Request["name"]);
        Assert.Null(mutating.Received[0].Request["object"]!["metadata"]!["name"]);
        Assert.Equal(name, validating.Received[0].Request["name"]!.GetValue<string>());
        Assert.Equal(name, validating.Received[0].Request["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dry_run_runs_admission_with_dry_run_set_and_stores_nothing()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, r => Reviews.Allow(r), "workflows", "argoproj.io");
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync($"{Workflows}?dryRun=All", Objects.Workflow("dry"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.True(webhook.Received[0].Request["dryRun"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{Workflows}/dry")).Status);
    }

    [Fact]
    public async Task FailurePolicy_Fail_turns_a_timeout_into_a_500_and_Ignore_lets_the_request_through()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var release = new TaskCompletionSource<IResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, _ => release.Task);
        var url = new Uri(webhook.BaseAddress, "/validate");
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "slow", url, timeoutSeconds: 1), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();
        try
        {
            var failed = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("a"));
            emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "slow", url, failurePolicy: "Ignore", timeoutSeconds: 1), emulator.CaCertificatePem);
            var ignored = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("b"));

            Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
            var cause = $"failed calling webhook \"slow.memoize.dev\": failed to call webhook: Post \"https://127.0.0.1:{webhook.BaseAddress.Port}/validate?timeout=1s\": context deadline exceeded";
            Assert.Equal($$$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: {{{cause.Replace("\"", "\\\"", StringComparison.Ordinal)}}}","reason":"InternalError","details":{"causes":[{"message":"{{{cause.Replace("\"", "\\\"", StringComparison.Ordinal)}}}"}]},"code":500}""", failed.Text);
            Assert.Equal(HttpStatusCode.Created, ignored.Status);
        }
        finally
        {
            release.SetResult(Results.StatusCode(500));
        }
    }

    [Fact]
    public async Task A_webhook_certificate_from_another_ca_fails_the_call()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var otherAuthority = TestCertificateAuthority.Create("someone else");
        await using var webhook = await TestWebhookServer.StartAsync(otherAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "memoize", new Uri(webhook.BaseAddress, "/validate")), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal($"Internal error occurred: failed calling webhook \"memoize.memoize.dev\": failed to call webhook: Post \"https://127.0.0.1:{webhook.BaseAddress.Port}/validate?timeout=5s\": x509: certificate signed by unknown authority",
            response.Json["message"]!.GetValue<string>());
        Assert.Empty(webhook.Received);
    }

    [Fact]
    public async Task A_service_reference_is_called_through_the_mapping_and_its_dns_name_is_verified()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)),
            "memoize-webhook.memoize-system.svc");
        await using var wrongName = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)), "127.0.0.1");
        emulator.Admission.ApplyManifestYaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: memoize-webhook, namespace: memoize-system}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: memoize
            webhooks:
            - name: validate.memoize.dev
              admissionReviewVersions: [v1]
              sideEffects: None
              clientConfig:
                service: {namespace: memoize-system, name: memoize-webhook, path: /validate}
              rules:
              - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
            """, emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var unmapped = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("a"));
        emulator.Admission.MapService("memoize-system", "memoize-webhook", wrongName.BaseAddress);
        var badCertificate = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("b"));
        emulator.Admission.MapService("memoize-system", "memoize-webhook", webhook.BaseAddress);
        var mapped = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal("Internal error occurred: failed calling webhook \"validate.memoize.dev\": failed to call webhook: Post \"https://memoize-webhook.memoize-system.svc/validate?timeout=10s\": service \"memoize-system/memoize-webhook\" port 443 is not mapped to a test server (call emulator.Admission.MapService)",
            unmapped.Json["message"]!.GetValue<string>());
        Assert.Equal("Internal error occurred: failed calling webhook \"validate.memoize.dev\": failed to call webhook: Post \"https://memoize-webhook.memoize-system.svc/validate?timeout=10s\": x509: certificate is not valid for any names, but wanted to match memoize-webhook.memoize-system.svc",
            badCertificate.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, mapped.Status);
        Assert.Equal("/validate?timeout=10s", webhook.Received[0].PathAndQuery);
        Assert.Equal("memoize-webhook.memoize-system.svc", webhook.Received[0].Headers["Host"]);
    }

    [Fact]
    public async Task An_answer_with_the_wrong_uid_is_an_invalid_response()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, _ => Reviews.Answer(new JsonObject { ["uid"] = "other", ["allowed"] = true }));
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        var uid = webhook.Received[0].Uid;
        Assert.Equal($"Internal error occurred: failed calling webhook \"memoize.memoize.dev\": received invalid webhook response: expected response.uid=\"{uid}\", got \"other\"",
            response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_webhook_answering_500_is_a_failed_call()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, _ => Results.Text("boom", statusCode: 500));
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal("Internal error occurred: failed calling webhook \"memoize.memoize.dev\": failed to call webhook: an error on the server (\"boom\") has prevented the request from succeeding",
            response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unreachable_webhook_with_Ignore_does_not_block()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var closedPort = FreePort();
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "gone", new Uri($"https://127.0.0.1:{closedPort}/validate"), failurePolicy: "Ignore"), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal($"failed to call webhook: Post \"https://127.0.0.1:{closedPort}/validate?timeout=5s\": dial tcp 127.0.0.1:{closedPort}: connect: connection refused",
            Assert.Single(emulator.Admission.Calls).Error);
    }

    [Fact]
    public async Task Rules_select_operations_and_resources()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, r => Reviews.Allow(r), "workflows", "argoproj.io", "CREATE");
        using var client = emulator.CreateHttpClient();

        var workflow = (await client.ApiPostAsync(Workflows, Objects.Workflow("wf"))).Json;
        await client.ApiPatchAsync($"{Workflows}/wf", JsonNode.Parse("""{"status":{"phase":"Running"}}""")!);
        await client.CreateConfigMapAsync("argo", "c");
        await client.ApiDeleteAsync($"{Workflows}/wf");

        Assert.Equal(["CREATE"], webhook.Received.Select(r => r.Request["operation"]!.GetValue<string>()));
        Assert.Equal("wf", workflow["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_update_of_a_workflow_reaches_an_update_webhook_because_status_is_not_a_subresource()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await StartValidatingAsync(emulator, r => Reviews.Allow(r), "workflows", "argoproj.io", "UPDATE");
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        await client.ApiPatchAsync($"{Workflows}/wf", JsonNode.Parse("""{"status":{"phase":"Running"}}""")!);

        var request = Assert.Single(webhook.Received).Request;
        Assert.Equal("Running", request["object"]!["status"]!["phase"]!.GetValue<string>());
        Assert.Null(request["oldObject"]!["status"]);
        Assert.Equal("UpdateOptions", request["options"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Namespace_and_object_selectors_limit_the_calls()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        emulator.SetNamespaceLabels("argo", new Dictionary<string, string> { ["memoize.dev/webhook"] = "enabled" });
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "selective", new Uri(webhook.BaseAddress, "/validate"),
            selectors: """
              namespaceSelector:
                matchLabels: {memoize.dev/webhook: enabled}
              objectSelector:
                matchExpressions:
                - {key: workflows.argoproj.io/configmap-type, operator: In, values: [Cache]}
            """), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        await client.CreateConfigMapAsync("argo", "cache", null, Objects.CacheLabel);
        await client.CreateConfigMapAsync("argo", "plain");
        await client.CreateConfigMapAsync("other", "cache", null, Objects.CacheLabel);

        var called = Assert.Single(webhook.Received).Request;
        Assert.Equal("argo", called["namespace"]!.GetValue<string>());
        Assert.Equal("cache", called["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_old_object_labels_also_match_an_object_selector()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "selective", new Uri(webhook.BaseAddress, "/validate"),
            operations: "UPDATE, DELETE",
            selectors: """
              objectSelector:
                matchLabels: {workflows.argoproj.io/configmap-type: Cache}
            """), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "cache", null, Objects.CacheLabel);

        await client.ApiPatchAsync($"{ConfigMaps}/cache", JsonNode.Parse("""{"metadata":{"labels":null}}""")!);
        await client.ApiDeleteAsync($"{ConfigMaps}/cache");

        Assert.Equal(["UPDATE"], webhook.Received.Select(r => r.Request["operation"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_mutating_patch_on_delete_is_refused()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority,
            r => Task.FromResult(Reviews.Patch(r, """[{"op":"add","path":"/metadata/labels","value":{}}]""")));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("MutatingWebhookConfiguration", "m", new Uri(webhook.BaseAddress, "/mutate"), operations: "DELETE"), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "c");

        var response = await client.ApiDeleteAsync($"{ConfigMaps}/c");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Internal error occurred: admission webhook \"m.memoize.dev\" attempted to modify the object, which is not supported for this operation", response.Json["message"]!.GetValue<string>());
        Assert.Null(webhook.Received[0].Request["object"]);
    }

    private static async Task<TestWebhookServer> StartValidatingAsync(KubernetesApiEmulator emulator, Func<ReceivedReview, IResult> respond,
        string resources = "configmaps", string apiGroups = "", string operations = "CREATE, UPDATE")
    {
        var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(respond(r)));
        emulator.Admission.ApplyManifestYaml(
            WebhookManifest.Url("ValidatingWebhookConfiguration", "memoize", new Uri(webhook.BaseAddress, "/validate"), resources, $"\"{apiGroups}\"", operations),
            emulator.CaCertificatePem);
        return webhook;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
