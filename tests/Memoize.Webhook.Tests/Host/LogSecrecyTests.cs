using System.Text;
using System.Text.Json.Nodes;
using Memoize.Webhook.Tests.Cluster;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Host;

/// <summary>
/// The webhook's logs, at Debug (the most verbose level it logs at; ASP.NET Core's own Debug lines included), carry
/// names and verdicts but never its bearer token, certificate or key data, ConfigMap data, workflow parameter values
/// or memoize keys. A whole run wired to a cluster as Program wires it: every recorded AdmissionReview on both
/// endpoints, objects created through the API server that are denied, warned about and given RBAC hints, rejected
/// hostile bodies, and a serving certificate reload.
/// </summary>
public sealed class LogSecrecyTests
{
    private const string Workflows = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows";
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    [Fact]
    public async Task A_full_run_at_debug_logs_no_token_certificate_data_configmap_data_parameter_value_or_memoize_key()
    {
        string? token = null;
        await using var cluster = await EmulatedCluster.StartAsync(
            emulator => token = emulator.AddUser("system:serviceaccount:memoize-system:memoize-webhook", "system:masters").Token, LogLevel.Debug);
        var webhook = cluster.Webhook;
        var firstCertificate = await File.ReadAllTextAsync(webhook.Volume.CertPath);
        var firstKey = await File.ReadAllTextAsync(webhook.Volume.KeyPath);
        cluster.GrantController("get", "list", "watch"); // Argo's default read-only role: every memoized object gets an RBAC hint

        // every recorded review on both endpoints
        foreach (var name in Fixtures.AdmissionReviewNames())
        {
            foreach (var path in new[] { "/validate", "/mutate" })
            {
                using var response = await webhook.PostAsync(path, Fixtures.Admission(name));
                Assert.True(response.IsSuccessStatusCode, $"{name} on {path}: {(int)response.StatusCode}");
            }
        }

        // through the API server: an unlabelled cache (a warning), a memoized Workflow (an RBAC hint), a denied one
        await cluster.CreateAsync(ConfigMaps, JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"planted-cache","namespace":"argo"},"data":{"PLANTEDDATAKEY":"PLANTEDDATAVALUE"}}
            """)!.AsObject());
        var (_, warnings) = await cluster.CreateAsync(Workflows, PlantedWorkflow("planted-warned", "24h"));
        Assert.Equal(2, warnings.Count); // the RBAC hint and the unlabelled cache
        using (var denied = await cluster.Client.PostAsync(Workflows, new StringContent(PlantedWorkflow("planted-denied", "1d").ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(403, (int)denied.StatusCode); // denied by the validating webhook: maxAge "1d" is not a Go duration
        }

        // hostile bodies: broken JSON and a duplicate key, both carrying planted values
        foreach (var body in new[]
        {
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","object":{"data":{"k":"PLANTEDHOSTILEVALUE""",
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u2","object":{"data":{"PLANTEDDUPKEY":"PLANTEDDUPVALUE","PLANTEDDUPKEY":"b"}}}}""",
        })
        {
            using var response = await webhook.PostAsync("/validate", body);
            Assert.Equal(400, (int)response.StatusCode);
        }

        // a serving certificate reload
        var next = webhook.Certificates.Issue("memoize-webhook second");
        webhook.Volume.Swap(next);
        await Deadline.WaitUntilAsync(async () => await webhook.ServedThumbprintAsync() == next.Thumbprint, "the new certificate to be served");

        var forbidden = new Dictionary<string, string>
        {
            ["the webhook's bearer token"] = token!,
            ["a PEM header"] = "-----BEGIN",
            ["planted ConfigMap data"] = "PLANTEDDATAVALUE",
            ["a planted ConfigMap key (a memoize key)"] = "PLANTEDDATAKEY",
            ["a planted parameter value"] = "PLANTEDPARAMVALUE",
            ["a planted memoize key"] = "PLANTEDMEMOKEY",
            ["a hostile body's value"] = "PLANTEDHOSTILEVALUE",
            ["a hostile duplicate's value"] = "PLANTEDDUPVALUE",
        };
        var pems = new[] { firstCertificate, firstKey, next.CertificatePem, next.KeyPem, webhook.Certificates.Authority.ExportCertificatePem(), cluster.Emulator.CaCertificatePem };
        foreach (var line in pems.SelectMany(p => p.Split('\n')).Select(l => l.Trim()).Where(l => l.Length >= 32 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            forbidden[$"certificate or key data ({line[..8]}...)"] = line;
        }
        foreach (var value in FixtureContents())
        {
            forbidden[$"a recorded fixture's content ({value})"] = value;
        }

        var lines = webhook.Logs.Lines.Select(l => (l.Level, l.Category, Text: Flatten(l))).ToList();
        Assert.Contains(lines, l => l.Level == LogLevel.Debug); // Debug really was on
        Assert.Contains(lines, l => l.Text.Contains("planted-warned", StringComparison.Ordinal)); // names are logged: the search is not empty
        Assert.Contains(lines, l => l.Text.Contains("Serving certificate loaded", StringComparison.Ordinal) && l.Text.Contains("second", StringComparison.Ordinal));
        var leaks = (from l in lines
                     from secret in forbidden
                     where l.Text.Contains(secret.Value, StringComparison.Ordinal)
                     select $"{secret.Key} in a {l.Level} line of {l.Category}: {(l.Text.Length > 400 ? l.Text[..400] + "..." : l.Text)}").Distinct().ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines leak:\n" + string.Join('\n', leaks));
    }

    // The recorded Workflow with planted values: a parameter, a memoize key, the unlabelled cache, a maxAge.
    private static JsonObject PlantedWorkflow(string name, string maxAge)
    {
        var obj = Fixtures.AdmissionJson("workflow-create-kubectl-apply.json")["request"]!["object"]!.DeepClone().AsObject();
        obj["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "argo" };
        obj["spec"]!["arguments"]!["parameters"]![0]!["value"] = "PLANTEDPARAMVALUE";
        var memoize = obj["spec"]!["templates"]![0]!["memoize"]!;
        memoize["key"] = "PLANTEDMEMOKEY-{{inputs.parameters.message}}";
        memoize["maxAge"] = maxAge;
        memoize["cache"]!["configMap"]!["name"] = "planted-cache";
        return obj;
    }

    // What the recorded objects hold (data values, parameter values and defaults, memoize keys) and is not also part
    // of a name, so that finding it in a log line means content was logged.
    private static IReadOnlyList<string> FixtureContents()
    {
        var contents = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Fixtures.AdmissionReviewNames())
        {
            var request = Fixtures.AdmissionJson(name)["request"];
            foreach (var obj in new[] { request?["object"], request?["oldObject"] })
            {
                Collect(obj, contents, names);
            }
        }
        return [.. contents.Where(c => c.Length >= 5 && !names.Any(n => n.Contains(c, StringComparison.Ordinal)))];
    }

    private static void Collect(JsonNode? node, HashSet<string> contents, HashSet<string> names)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Collect(item, contents, names);
            }
            return;
        }
        if (node is not JsonObject obj)
        {
            return;
        }
        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "data" when value is JsonObject data:
                    contents.UnionWith(data.Select(p => (string?)p.Value).OfType<string>().Select(v => v.Length > 40 ? v[..40] : v));
                    break;
                case "value" or "default" when value is JsonValue text && text.TryGetValue<string>(out var parameter):
                    contents.Add(parameter);
                    break;
                case "key" when value is JsonValue text && text.TryGetValue<string>(out var memoizeKey):
                    contents.Add(memoizeKey);
                    break;
                case "name" or "generateName" or "namespace" when value is JsonValue text && text.TryGetValue<string>(out var objectName):
                    names.Add(objectName);
                    break;
            }
            Collect(value, contents, names);
        }
    }

    // Everything a JSON console line would show: the message, every field, every scope field, the exception.
    private static string Flatten(CapturedLog line) =>
        string.Join(' ', new[] { line.Message, line.Exception ?? "" }
            .Concat(line.Fields.Select(f => $"{f.Key}={f.Value}"))
            .Concat(line.ScopeFields.Select(f => $"{f.Key}={f.Value}")));
}
