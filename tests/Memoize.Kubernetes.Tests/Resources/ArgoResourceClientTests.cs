using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Resources;

public class ArgoResourceClientTests
{
    [Fact]
    public void Only_argo_kinds_are_accepted()
    {
        using var api = new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), new FakeApiHandler());

        var error = Assert.Throws<ArgumentException>(() => new ArgoResourceClient(api, new ResourceType("", "v1", "configmaps", "ConfigMap", true)));

        Assert.StartsWith("configmaps is not an Argo kind (group argoproj.io)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_update_keeps_unknown_fields_and_cluster_templates_need_no_namespace()
    {
        var workflow = """{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"w","namespace":"argo","resourceVersion":"5"},"spec":{"futureField":{"x":1}},"status":{"nodes":{}}}""";
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, workflow)
            .Then(HttpStatusCode.OK, workflow)
            .Then(HttpStatusCode.OK, """{"kind":"ClusterWorkflowTemplate","metadata":{"name":"shared"}}""");
        using var api = new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None);
        var workflows = new ArgoResourceClient(api, ResourceType.Workflows);

        var read = await workflows.GetAsync("argo", "w");
        read["status"]!["phase"] = "Running";
        await workflows.UpdateAsync(read);
        await new ArgoResourceClient(api, ResourceType.ClusterWorkflowTemplates).GetAsync(null, "shared");

        Assert.Equal("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/w", handler.Requests[1].PathAndQuery);
        Assert.Equal(
            """{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"w","namespace":"argo","resourceVersion":"5"},"spec":{"futureField":{"x":1}},"status":{"nodes":{},"phase":"Running"}}""",
            handler.Requests[1].Body);
        Assert.Equal("/apis/argoproj.io/v1alpha1/clusterworkflowtemplates/shared", handler.Requests[2].PathAndQuery);
        Assert.Equal(4, ResourceType.ArgoKinds.Count);
    }
}
