using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Argo's Workflow CRD has no status subresource: status is written with the whole object, and conflicts with Argo's controller are normal.</summary>
[Collection(ContractCollection.Name)]
[Trait("Category", "Contract")]
public sealed class WorkflowContractTests(ContractCluster cluster)
{
    private readonly ArgoResourceClient workflows = new(cluster.Client, ResourceType.Workflows);

    [ContractFact]
    public async Task A_PUT_of_the_whole_Workflow_persists_its_status()
    {
        var name = ContractCluster.UniqueName("memoized");
        var created = await CreateWorkflowAsync(name);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());

        var withStatus = (JsonObject)created.DeepClone();
        withStatus["status"] = Status(name);
        var updated = await workflows.UpdateAsync(withStatus);
        var read = await workflows.GetAsync(cluster.Namespace, name);

        Assert.Equal(Status(name).ToJsonString(), Sorted(updated["status"]!).ToJsonString());
        Assert.Equal(Status(name).ToJsonString(), Sorted(read["status"]!).ToJsonString());
        Assert.Equal(Sorted(created["spec"]!).ToJsonString(), Sorted(read["spec"]!).ToJsonString());

        // Without a status subresource a status change is a change of the object: the generation moves.
        Assert.Equal(2, read["metadata"]!["generation"]!.GetValue<long>());
    }

    [ContractFact]
    public async Task A_PUT_of_a_Workflow_with_a_stale_resourceVersion_is_a_Conflict()
    {
        var name = ContractCluster.UniqueName("memoized");
        var created = await CreateWorkflowAsync(name);
        var first = (JsonObject)created.DeepClone();
        first["status"] = new JsonObject { ["phase"] = "Running" };
        await workflows.UpdateAsync(first);

        var stale = (JsonObject)created.DeepClone();
        stale["status"] = Status(name);
        var error = await Assert.ThrowsAsync<ConflictException>(() => workflows.UpdateAsync(stale));

        var expected = new KubernetesStatus(409, "Conflict",
            $"Operation cannot be fulfilled on workflows.argoproj.io \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            name, "workflows", [], null);
        RecordedStatus.AssertCarries(expected, error);
        Assert.Equal("Running", (await workflows.GetAsync(cluster.Namespace, name))["status"]!["phase"]!.GetValue<string>());
    }

    [ContractFact]
    public async Task The_status_subresource_of_a_Workflow_does_not_exist()
    {
        var name = ContractCluster.UniqueName("memoized");
        var created = await CreateWorkflowAsync(name);
        var path = $"apis/argoproj.io/v1alpha1/namespaces/{cluster.Namespace}/workflows/{name}/status";
        using var http = new HttpClient(cluster.Connection.CreateHandler()) { BaseAddress = new Uri(cluster.Connection.Server.AbsoluteUri.TrimEnd('/') + "/") };
        if (cluster.Connection.ClientConfiguration.TokenProvider is { } provider)
        {
            http.DefaultRequestHeaders.Authorization = await provider.GetAuthenticationHeaderAsync(CancellationToken.None);
        }
        else if (!string.IsNullOrEmpty(cluster.Connection.ClientConfiguration.AccessToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Connection.ClientConfiguration.AccessToken);
        }

        created["status"] = Status(name);
        using var get = await http.GetAsync(new Uri(path, UriKind.Relative));
        using var put = await http.PutAsync(new Uri(path, UriKind.Relative), new StringContent(created.ToJsonString(), Encoding.UTF8, "application/json"));

        var expected = new KubernetesStatus(404, "NotFound", $"workflows.argoproj.io \"{name}\" not found", name, "workflows", [], null);
        foreach (var response in new[] { get, put })
        {
            var error = KubernetesApiException.FromResponse(response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync());
            RecordedStatus.AssertCarries(expected, Assert.IsType<NotFoundException>(error));
        }

        Assert.Null((await workflows.GetAsync(cluster.Namespace, name))["status"]);
    }

    private async Task<JsonObject> CreateWorkflowAsync(string name)
    {
        var workflow = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = cluster.Namespace,
                ["labels"] = new JsonObject
                {
                    [ContractCluster.TestLabel] = name,

                    // Keeps a real Argo controller (with or without an instance ID of its own) away from this Workflow.
                    ["workflows.argoproj.io/controller-instanceid"] = "memoize-contract-suite",
                },
            },
            ["spec"] = JsonNode.Parse("""
                {"entrypoint":"main","templates":[{"name":"main","container":{"image":"busybox","command":["true"]},
                 "outputs":{"parameters":[{"name":"out","valueFrom":{"path":"/tmp/out"}}]},
                 "memoize":{"key":"{{workflow.name}}","maxAge":"1h","cache":{"configMap":{"name":"contract-cache"}}}}]}
                """),
        };
        try
        {
            return await workflows.CreateAsync(workflow);
        }
        catch (NotFoundException) when (cluster.Emulator is null)
        {
            throw new ContractSkipException(
                "this cluster does not serve argoproj.io/v1alpha1 workflows: install Argo Workflows' CRDs (e.g. kubectl apply -f tests/fixtures/crds/) to run this test");
        }
    }

    // The fields the reconciler writes on a memoized node, as Argo v4.1 names them.
    private static JsonObject Status(string name) => (JsonObject)Sorted(JsonNode.Parse($$"""
        {"phase":"Running","startedAt":"2026-01-02T03:04:05Z","nodes":{"{{name}}":{"id":"{{name}}","name":"{{name}}",
         "displayName":"{{name}}","type":"Pod","templateName":"main","templateScope":"local/{{name}}","phase":"Succeeded",
         "startedAt":"2026-01-02T03:04:05Z","finishedAt":"2026-01-02T03:04:05Z",
         "outputs":{"parameters":[{"name":"out","value":"hello","valueFrom":{"path":"/tmp/out"} }],"exitCode":"0"},
         "memoizationStatus":{"hit":true,"key":"{{name}}","cacheName":"contract-cache"} } } }
        """)!);

    // Custom resources come back with their keys sorted (Go maps); sort ours the same way to compare.
    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Sorted(item)).ToArray()),
        _ => node.DeepClone(),
    };
}
