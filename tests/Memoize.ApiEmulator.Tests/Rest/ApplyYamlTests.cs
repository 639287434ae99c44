using System.Net;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>Seeding the emulator from YAML files, like kubectl apply.</summary>
public sealed class ApplyYamlTests
{
    [Fact]
    public async Task Argo_examples_and_configmaps_are_applied_into_the_given_namespace()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var example = await File.ReadAllTextAsync(Fixture.PathOf("examples/memoize-simple.yaml"));

        var applied = await emulator.ApplyYamlAsync(example + """

            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cache-config
              labels: {workflows.argoproj.io/configmap-type: Cache}
            data:
              cache-key: '{"nodeID":"memoized-hdckj"}'
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: skipped}
            """, "argo");

        Assert.Equal(2, applied.Count);
        Assert.Matches("^workflows/memoized-[a-z0-9]{5}$", applied[0]);
        Assert.Equal("configmaps/cache-config", applied[1]);
        var workflow = (await client.ApiGetAsync($"/apis/argoproj.io/v1alpha1/namespaces/argo/{applied[0]}")).Json;
        Assert.Equal("10s", workflow["spec"]!["templates"]![0]!["memoize"]!["maxAge"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync("/api/v1/namespaces/argo/configmaps/cache-config")).Status);
    }

    [Fact]
    public async Task Applying_again_updates_in_place()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        await emulator.ApplyYamlAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: one}\n");
        await emulator.ApplyYamlAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: two}\n");

        var stored = (await client.ApiGetAsync("/api/v1/namespaces/default/configmaps/c")).Json;
        Assert.Equal("two", stored["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_object_reports_the_api_server_message()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.ApplyYamlAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n"));

        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", error.Message, StringComparison.Ordinal);
    }
}
