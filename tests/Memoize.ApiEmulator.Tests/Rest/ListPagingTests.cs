using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>Lists with <c>limit</c> and <c>continue</c>, paged as kube-apiserver pages them.</summary>
public sealed class ListPagingTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    private const string ExpiredContinueMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, " +
        "or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an " +
        "inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    [Fact]
    public async Task Every_page_reads_the_first_pages_revision_whatever_changed_meanwhile()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await client.CreateConfigMapAsync("argo", name, new Dictionary<string, string> { ["v"] = "1" });
        }

        var first = (await client.ApiGetAsync($"{ConfigMaps}?limit=2")).Json;
        await client.ApiDeleteAsync($"{ConfigMaps}/c");
        await client.CreateConfigMapAsync("argo", "bb");
        var d = (await client.ApiGetAsync($"{ConfigMaps}/d")).Json;
        d["data"] = new JsonObject { ["v"] = "2" };
        await client.ApiPutAsync($"{ConfigMaps}/d", d);
        var second = (await client.ApiGetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(Continue(first))}")).Json;
        var fresh = (await client.ApiGetAsync(ConfigMaps)).Json;

        Assert.Equal(["a", "b"], Names(first));
        Assert.Equal(["c", "d"], Names(second));
        Assert.Equal("1", second["items"]![1]!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), second["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("""{"resourceVersion":"RV"}""".Replace("RV", second["metadata"]!["resourceVersion"]!.GetValue<string>(), StringComparison.Ordinal), second["metadata"]!.Compact());
        Assert.Equal(["a", "b", "bb", "d"], Names(fresh));
    }

    [Fact]
    public async Task The_continue_token_is_kube_apiservers_unpadded_url_safe_base64_of_revision_and_start_key()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CreateConfigMapAsync("argo", name);
        }

        var first = (await client.ApiGetAsync($"{ConfigMaps}?limit=2")).Json;
        var token = Continue(first);
        var revision = first["metadata"]!["resourceVersion"]!.GetValue<string>();

        Assert.DoesNotContain("=", token, StringComparison.Ordinal);
        Assert.Equal($$"""{"v":"meta.k8s.io/v1","rv":{{revision}},"start":"argo/b\u0000"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)));
        Assert.Equal(["resourceVersion", "continue", "remainingItemCount"], first["metadata"]!.AsObject().Select(p => p.Key).ToList());
        Assert.Equal(1, first["metadata"]!["remainingItemCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_selected_list_has_no_remaining_item_count_as_kube_apiserver_cannot_count_it()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var cache = new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = "Cache" };
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CreateConfigMapAsync("argo", name, labels: cache);
        }

        var first = (await client.ApiGetAsync($"{ConfigMaps}?limit=2&labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache")).Json;
        var second = (await client.ApiGetAsync($"{ConfigMaps}?limit=2&labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache&continue={Uri.EscapeDataString(Continue(first))}")).Json;

        Assert.Equal(["a", "b"], Names(first));
        Assert.Null(first["metadata"]!["remainingItemCount"]);
        Assert.Equal(["c"], Names(second));
    }

    [Fact]
    public async Task A_continue_token_older_than_a_compaction_gets_410_expired_with_a_token_for_the_inconsistent_rest()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CreateConfigMapAsync("argo", name);
        }
        var first = (await client.ApiGetAsync($"{ConfigMaps}?limit=2")).Json;
        await client.CreateConfigMapAsync("argo", "d");
        emulator.Faults.Compact();

        var expired = await client.ApiGetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(Continue(first))}");
        var newToken = expired.Json["metadata"]!["continue"]!.GetValue<string>();
        var rest = (await client.ApiGetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(newToken)}")).Json;

        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Equal(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{"continue":"{{newToken}}"},"status":"Failure","message":"{{ExpiredContinueMessage}}","reason":"Expired","code":410}""",
            expired.Json.Compact());
        Assert.Equal("""{"v":"meta.k8s.io/v1","rv":-1,"start":"argo/b\u0000"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(newToken)));
        Assert.Equal(["c", "d"], Names(rest));
        Assert.Equal(emulator.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), rest["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_that_is_not_one_gets_400_bad_request()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiGetAsync($"{ConfigMaps}?limit=2&continue=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("continue key is not valid: ", response.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Continue(JsonObject list) => list["metadata"]!["continue"]!.GetValue<string>();

    private static List<string> Names(JsonObject list) =>
        list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
}
