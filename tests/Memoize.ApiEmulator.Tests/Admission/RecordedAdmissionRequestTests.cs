using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Admission;

/// <summary>
/// The AdmissionReview requests the emulator sends have the recorded kube-apiserver shape: each fixture in
/// fixtures/admission is replayed (its object sent by the same user with the same options) and the request the
/// webhook receives is compared field by field.
/// </summary>
public sealed partial class RecordedAdmissionRequestTests
{
    public static TheoryData<string> RecordedRequests => new(
        Directory.GetFiles(Fixture.PathOf("admission"), "*.json")
            .Select(Path.GetFileName)
            .Where(n => n != "request-headers.json")
            .Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(RecordedRequests))]
    public async Task The_webhook_receives_the_recorded_request(string fixture)
    {
        var recorded = Fixture.Json($"admission/{fixture}")["request"]!.AsObject();
        var type = recorded["resource"]!.AsObject();
        var resource = type["resource"]!.GetValue<string>();
        var group = type["group"]!.GetValue<string>();
        var validating = fixture.EndsWith(".validating.json", StringComparison.Ordinal);
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(
            WebhookManifest.Url(validating ? "ValidatingWebhookConfiguration" : "MutatingWebhookConfiguration", "memoize",
                new Uri(webhook.BaseAddress, "/admit"), resources: resource, apiGroups: $"\"{group}\"", operations: "CREATE, UPDATE, DELETE"),
            emulator.CaCertificatePem);
        var username = recorded["userInfo"]!["username"]!.GetValue<string>();
        var token = username == "admin" ? emulator.BearerToken : ServiceAccountToken(emulator, username);
        using var client = emulator.CreateHttpClient(token);

        var (status, text) = await ReplayAsync(client, recorded, webhook);

        // The invalid-key ConfigMap reaches the mutating webhook first, then fails validation (as recorded).
        var expectedStatus = fixture == "configmap-create-invalid-key.json" ? [HttpStatusCode.UnprocessableEntity] : new[] { HttpStatusCode.OK, HttpStatusCode.Created };
        Assert.True(expectedStatus.Contains(status), text);
        var received = webhook.Received[^1];
        Assert.Equal("/admit?timeout=5s", received.PathAndQuery);
        var expected = recorded.DeepClone();
        var actual = received.Request.DeepClone();
        NormalizeGeneratedName(expected);
        NormalizeGeneratedName(actual);
        Fixture.AssertSameShape(expected, actual);
    }

    [Fact]
    public async Task The_webhook_receives_the_recorded_headers()
    {
        var recorded = Fixture.Json("admission/request-headers.json");
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await using var webhook = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, r => Task.FromResult(Reviews.Allow(r)));
        emulator.Admission.ApplyManifestYaml(WebhookManifest.Url("ValidatingWebhookConfiguration", "memoize", new Uri(webhook.BaseAddress, "/validate")), emulator.CaCertificatePem);
        using var client = emulator.CreateHttpClient();

        await client.CreateConfigMapAsync("argo", "greeting-cache");

        var headers = webhook.Received[0].Headers;
        Assert.Equal(recorded.Select(p => p.Key).Order(StringComparer.Ordinal), headers.Keys.Order(StringComparer.Ordinal));
        foreach (var name in new[] { "User-Agent", "Accept", "Content-Type", "Accept-Encoding" })
        {
            Assert.Equal(recorded[name]!.GetValue<string>(), headers[name]);
        }
        Assert.Equal($"127.0.0.1:{webhook.BaseAddress.Port}", headers["Host"]);
    }

    private static async Task<(HttpStatusCode, string)> ReplayAsync(HttpClient client, JsonObject recorded, TestWebhookServer webhook)
    {
        var resource = recorded["resource"]!.AsObject();
        var group = resource["group"]!.GetValue<string>();
        var version = resource["version"]!.GetValue<string>();
        var collection = (group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}")
                         + (recorded["namespace"] is { } ns ? $"/namespaces/{ns.GetValue<string>()}" : "")
                         + "/" + resource["resource"]!.GetValue<string>();
        var options = recorded["options"]!.AsObject();
        var query = string.Join("&", new[] { "dryRun", "fieldManager", "fieldValidation" }
            .Where(o => options[o] is not null)
            .Select(o => $"{o}={(options[o] is JsonArray a ? a[0]!.GetValue<string>() : options[o]!.GetValue<string>())}"));
        var operation = recorded["operation"]!.GetValue<string>();
        if (operation == "CREATE")
        {
            var response = await client.ApiPostAsync($"{collection}?{query}", Sendable(recorded["object"]!.AsObject()));
            return (response.Status, response.Text);
        }

        // UPDATE and DELETE need the old object first (created without admission noise: the webhook only allows).
        var old = Sendable(recorded["oldObject"]!.AsObject());
        var name = old["metadata"]!["name"]!.GetValue<string>();
        var created = await client.ApiPostAsync(collection, old);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        if (operation == "DELETE")
        {
            var deleted = await client.ApiDeleteAsync($"{collection}/{name}", JsonNode.Parse($$"""{"propagationPolicy":"{{options["propagationPolicy"]!.GetValue<string>()}}"}"""));
            return (deleted.Status, deleted.Text);
        }
        var updated = Sendable(recorded["object"]!.AsObject());
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation" })
        {
            if (created.Json["metadata"]![field] is { } value)
            {
                updated["metadata"]![field] = value.DeepClone();
            }
        }
        var response2 = await client.ApiPutAsync($"{collection}/{name}?{query}", updated);
        return (response2.Status, response2.Text);
    }

    // The recorded object without what the server sets (managedFields is not emulated).
    private static JsonObject Sendable(JsonObject recorded)
    {
        var obj = recorded.DeepClone().AsObject();
        var metadata = obj["metadata"]!.AsObject();
        foreach (var field in new[] { "managedFields", "uid", "resourceVersion", "creationTimestamp", "generation" })
        {
            metadata.Remove(field);
        }
        if (metadata["generateName"] is not null)
        {
            metadata.Remove("name");
        }
        return obj;
    }

    private static string ServiceAccountToken(KubernetesApiEmulator emulator, string username)
    {
        var parts = username.Split(':');
        var account = emulator.AddServiceAccount(parts[2], parts[3]);
        emulator.Authorization.Allow(account.Username, "*", "*");
        return account.Token;
    }

    private static void NormalizeGeneratedName(JsonNode request)
    {
        foreach (var node in new[] { request, request["object"] is JsonObject o ? o["metadata"] : null })
        {
            if (node?["name"] is JsonValue name && GeneratedName().IsMatch(name.GetValue<string>()))
            {
                node["name"] = "memoized-<generated>";
            }
        }
    }

    [GeneratedRegex("^memoized-[a-z0-9]{5}$")]
    private static partial Regex GeneratedName();
}
