using System.Net;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>The labelSelector query syntax, matched like Kubernetes (table-driven over one set of objects).</summary>
public sealed class LabelSelectorTests
{
    public static TheoryData<string, string[]> Selectors => new()
    {
        { "", ["cache", "other-cache", "param", "plain"] },
        { "workflows.argoproj.io/configmap-type=Cache", ["cache", "other-cache"] },
        { "workflows.argoproj.io/configmap-type==Cache", ["cache", "other-cache"] },
        { "workflows.argoproj.io/configmap-type!=Cache", ["param", "plain"] },
        { "workflows.argoproj.io/configmap-type in (Cache,Parameter)", ["cache", "other-cache", "param"] },
        { "workflows.argoproj.io/configmap-type notin (Cache)", ["param", "plain"] },
        { "workflows.argoproj.io/configmap-type", ["cache", "other-cache", "param"] },
        { "!workflows.argoproj.io/configmap-type", ["plain"] },
        { "workflows.argoproj.io/configmap-type=Cache,team=data", ["cache"] },
        { "workflows.argoproj.io/configmap-type=Cache,!team", ["other-cache"] },
        { "team in (data, ml)", ["cache", "plain"] },
        { "team=nobody", [] },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public async Task List_returns_exactly_the_objects_the_selector_matches(string selector, string[] expected)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "cache", null, Labels(("workflows.argoproj.io/configmap-type", "Cache"), ("team", "data")));
        await client.CreateConfigMapAsync("argo", "other-cache", null, Labels(("workflows.argoproj.io/configmap-type", "Cache")));
        await client.CreateConfigMapAsync("argo", "param", null, Labels(("workflows.argoproj.io/configmap-type", "Parameter")));
        await client.CreateConfigMapAsync("argo", "plain", null, Labels(("team", "ml")));

        var response = await client.ApiGetAsync($"/api/v1/namespaces/argo/configmaps?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(expected, response.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("a in (b")]
    [InlineData("a b")]
    [InlineData("=b")]
    public async Task A_malformed_selector_is_a_bad_request(string selector)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiGetAsync($"/api/v1/namespaces/argo/configmaps?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("unable to parse requirement", response.Json["message"]!.GetValue<string>());
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
