using System.Text.Json.Nodes;
using Memoize.Core.Workflows;

namespace Memoize.Core.Tests.Workflows;

public class WorkflowNodesTests
{
    [Fact]
    public void Plain_nodes_are_read_from_status_nodes()
    {
        var set = WorkflowNodes.Read(SampleWorkflows.Running());

        Assert.Equal(NodeStatusStorage.Plain, set.Storage);
        Assert.Null(set.Problem);
        Assert.Equal(["memo-abc", "memo-abc-1111", "memo-abc-2222"], set.All.Select(n => n.Id));
    }

    [Fact]
    public void Compressed_nodes_are_read_and_written_back_compressed()
    {
        var workflow = SampleWorkflows.Running();
        var nodes = workflow["status"]!["nodes"]!.AsObject();
        workflow["status"]!.AsObject().Remove("nodes");
        workflow["status"]!["compressedNodes"] = SampleWorkflows.Compress(nodes);

        var set = WorkflowNodes.Read(workflow);
        var readBack = set.Nodes.ToJsonString();
        var edited = set.Find("memo-abc-2222")!.Json;
        edited["phase"] = "Running";
        var written = WorkflowNodes.WithNodes(workflow, [edited]);

        Assert.Equal(NodeStatusStorage.Compressed, set.Storage);
        Assert.Equal(nodes.ToJsonString(), readBack);
        Assert.Null(written["status"]!["nodes"]);
        var roundTripped = SampleWorkflows.Decompress(written["status"]!["compressedNodes"]!.GetValue<string>());
        Assert.Equal("Running", roundTripped["memo-abc-2222"]!["phase"]!.GetValue<string>());
        Assert.Equal(nodes["memo-abc"]!.ToJsonString(), roundTripped["memo-abc"]!.ToJsonString());
        Assert.Equal("Pending", SampleWorkflows.Decompress(workflow["status"]!["compressedNodes"]!.GetValue<string>())["memo-abc-2222"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public void Offloaded_nodes_are_reported_once_and_cannot_be_written()
    {
        var workflow = SampleWorkflows.Running();
        workflow["status"]!.AsObject().Remove("nodes");
        workflow["status"]!["offloadNodeStatusVersion"] = "fnv:3467201852";

        var set = WorkflowNodes.Read(workflow);

        Assert.Equal(NodeStatusStorage.Offloaded, set.Storage);
        Assert.Empty(set.All);
        Assert.Equal(
            "Workflow argo/memo-abc has its node status offloaded to Argo's database (offloadNodeStatusVersion fnv:3467201852); " +
            "its nodes cannot be seen through the Kubernetes API, so memoization is not checked for it",
            set.Problem);
        Assert.Throws<InvalidOperationException>(() => WorkflowNodes.WithNodes(workflow, []));
    }

    [Theory]
    [InlineData("not base64!", "Workflow argo/memo-abc: status.compressedNodes cannot be read: ")]
    [InlineData("aGVsbG8=", "Workflow argo/memo-abc: status.compressedNodes cannot be read: ")]
    public void Unreadable_compressed_nodes_are_a_problem_not_an_exception(string compressed, string prefix)
    {
        var workflow = SampleWorkflows.Running();
        workflow["status"]!.AsObject().Remove("nodes");
        workflow["status"]!["compressedNodes"] = compressed;

        var set = WorkflowNodes.Read(workflow);

        Assert.StartsWith(prefix, set.Problem, StringComparison.Ordinal);
        Assert.Empty(set.All);
    }

    [Fact]
    public void A_workflow_without_nodes_has_none()
    {
        var set = WorkflowNodes.Read(SampleWorkflows.Parse("""{"metadata":{"name":"w"},"status":{}}"""));

        Assert.Equal(NodeStatusStorage.None, set.Storage);
        Assert.Null(set.Problem);
    }

    [Fact]
    public void Writing_back_plain_nodes_changes_only_the_edited_node()
    {
        var workflow = SampleWorkflows.Running();
        var edited = (JsonObject)SampleWorkflows.SayNode(workflow).DeepClone();
        edited["phase"] = "Running";

        var written = WorkflowNodes.WithNodes(workflow, [edited]);

        var expected = SampleWorkflows.Running();
        SampleWorkflows.SayNode(expected)["phase"] = "Running";
        Assert.Equal(expected.ToJsonString(), written.ToJsonString());
        Assert.Equal("Pending", SampleWorkflows.SayNode(workflow)["phase"]!.GetValue<string>());
    }

    [Fact]
    public void A_node_view_reads_every_field_the_planner_uses()
    {
        var json = SampleWorkflows.Parse("""
            {"id":"n1","name":"wf[0].a","displayName":"a","type":"Retry","templateRef":{"name":"lib","template":"t","clusterScope":true},
             "templateScope":"cluster/lib","phase":"Running","boundaryID":"wf","children":["n2","n3"],
             "inputs":{"parameters":[{"name":"p","value":"v"},{"name":"n","value":5}]},"outputs":{"result":"r"},
             "memoizationStatus":{"hit":true,"key":"k","cacheName":"c"}}
            """);

        var node = new WorkflowNode("ignored", json);

        Assert.Equal("n1", node.Id);
        Assert.Equal("wf[0].a", node.Name);
        Assert.Equal("a", node.DisplayName);
        Assert.Equal("Retry", node.Type);
        Assert.Null(node.TemplateName);
        Assert.Equal(new TemplateReference("lib", "t", true), node.TemplateRef);
        Assert.Equal("cluster/lib", node.TemplateScope);
        Assert.Equal("Running", node.Phase);
        Assert.False(node.IsFinished);
        Assert.Equal("wf", node.BoundaryId);
        Assert.Equal(["n2", "n3"], node.Children);
        Assert.Equal("v", node.InputParameter("p"));
        Assert.Equal("5", node.InputParameter("n"));
        Assert.Equal("{\"result\":\"r\"}", node.Outputs!.ToJsonString());
        Assert.Equal(new NodeMemoizationStatus(true, "k", "c"), node.MemoizationStatus);
    }
}
