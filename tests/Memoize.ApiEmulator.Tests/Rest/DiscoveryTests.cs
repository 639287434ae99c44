using System.Net;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>Discovery documents, unknown paths, and the kubeconfig a real client would use.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task The_argo_group_lists_its_four_kinds_without_status_subresources()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var list = (await client.ApiGetAsync("/apis/argoproj.io/v1alpha1")).Json;

        Assert.Equal("APIResourceList", list["kind"]!.GetValue<string>());
        Assert.Equal(["workflows", "workflowtemplates", "cronworkflows", "clusterworkflowtemplates"],
            list["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        var workflows = list["resources"]![0]!;
        Assert.Equal("""{"name":"workflows","singularName":"workflow","namespaced":true,"kind":"Workflow","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["wf"]}""", workflows.Compact());
    }

    [Fact]
    public async Task The_group_list_has_every_emulated_group()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var groups = (await client.ApiGetAsync("/apis")).Json;
        var core = (await client.ApiGetAsync("/api")).Json;
        var coreResources = (await client.ApiGetAsync("/api/v1")).Json;

        Assert.Equal(["argoproj.io", "coordination.k8s.io", "events.k8s.io", "admissionregistration.k8s.io", "authorization.k8s.io"],
            groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()));
        Assert.Equal("""["v1"]""", core["versions"]!.Compact());
        Assert.Contains("configmaps", coreResources["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_paths_get_kube_apiserver_404s()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var unknownGroup = await client.ApiGetAsync("/apis/apps/v1/deployments");
        var unknownResource = await client.ApiGetAsync("/api/v1/namespaces/argo/secrets");

        Assert.Equal(HttpStatusCode.NotFound, unknownGroup.Status);
        Assert.Equal("404 page not found\n", unknownGroup.Text);
        Assert.Equal(HttpStatusCode.NotFound, unknownResource.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""", unknownResource.Text);
    }

    [Fact]
    public async Task Every_namespace_exists_with_its_name_label()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.SetNamespaceLabels("argo", new Dictionary<string, string> { ["memoize.dev/enabled"] = "true" });

        var ns = (await client.ApiGetAsync("/api/v1/namespaces/argo")).Json;

        Assert.Equal("""{"kubernetes.io/metadata.name":"argo","memoize.dev/enabled":"true"}""", ns["metadata"]!["labels"]!.Compact());
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_kubeconfig_carries_server_ca_token_and_namespace()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"emulator-{Guid.NewGuid():N}.kubeconfig");
        try
        {
            emulator.WriteKubeconfig(path, "argo");
            var yaml = await File.ReadAllTextAsync(path);

            Assert.Contains($"server: {emulator.BaseAddress.ToString().TrimEnd('/')}", yaml, StringComparison.Ordinal);
            Assert.Contains($"certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(emulator.CaCertificatePem))}", yaml, StringComparison.Ordinal);
            Assert.Contains($"token: {emulator.BearerToken}", yaml, StringComparison.Ordinal);
            Assert.Contains("namespace: argo", yaml, StringComparison.Ordinal);
            Assert.Contains("current-context: emulator", yaml, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_version_is_the_recorded_release()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var version = (await client.ApiGetAsync("/version")).Json;

        Assert.Equal("1", version["major"]!.GetValue<string>());
        Assert.Equal("24", version["minor"]!.GetValue<string>());
    }
}
