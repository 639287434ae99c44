using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Workflows;

namespace Memoize.Core.Tests.Workflows;

public class WorkflowNodeEditsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1));

    private const string PendingNode =
        """{"id":"n1","name":"wf[0].say","type":"Pod","templateName":"say","phase":"Pending","startedAt":"2026-01-02T02:00:00Z","inputs":{"parameters":[{"name":"msg","value":"hi"}]},"hostNodeName":"w1"}""";

    [Fact]
    public void MarkHit_succeeds_the_node_with_the_cached_outputs_verbatim_and_leaves_every_other_field()
    {
        var node = JsonNode.Parse(PendingNode)!.AsObject();
        var entry = CacheEntryCodec.Read("""{"nodeID":"old","outputs":{"parameters":[{"name":"out","value":"<cached>"}],"exitCode":"0","x-extra":1},"creationTimestamp":"2026-01-01T00:00:00Z","lastHitTimestamp":null}""").Entry!;

        var hit = WorkflowNodeEdits.MarkHit(node, entry, "say-hi", "say-cache", Now);

        Assert.Equal(
            """{"id":"n1","name":"wf[0].say","type":"Pod","templateName":"say","phase":"Succeeded","startedAt":"2026-01-02T02:00:00Z","inputs":{"parameters":[{"name":"msg","value":"hi"}]},"hostNodeName":"w1","outputs":{"parameters":[{"name":"out","value":"\u003Ccached\u003E"}],"exitCode":"0","x-extra":1},"memoizationStatus":{"hit":true,"key":"say-hi","cacheName":"say-cache"},"finishedAt":"2026-01-02T02:04:05Z"}""",
            hit.ToJsonString());
        Assert.Equal(PendingNode, node.ToJsonString());
    }

    [Fact]
    public void MarkHit_with_an_entry_without_outputs_removes_the_outputs_field()
    {
        var node = JsonNode.Parse(PendingNode)!.AsObject();
        node["outputs"] = new JsonObject { ["result"] = "stale" };

        var hit = WorkflowNodeEdits.MarkHit(node, new CacheEntry("old", null, null, null), "k", "c", Now);

        Assert.Null(hit["outputs"]);
        Assert.False(hit.ContainsKey("outputs"));
    }

    [Fact]
    public void MarkMiss_only_adds_the_memoization_status()
    {
        var node = JsonNode.Parse(PendingNode)!.AsObject();

        var miss = WorkflowNodeEdits.MarkMiss(node, "say-hi", "say-cache");

        Assert.Equal(PendingNode[..^1] + ""","memoizationStatus":{"hit":false,"key":"say-hi","cacheName":"say-cache"}}""", miss.ToJsonString());
    }

    [Fact]
    public void Marked_nodes_go_back_into_the_workflow_with_nothing_else_changed()
    {
        var workflow = SampleWorkflows.Running();
        var miss = WorkflowNodeEdits.MarkMiss(SampleWorkflows.SayNode(workflow), "say-hello", "say-cache");

        var updated = WorkflowNodes.WithNodes(workflow, [miss]);

        var expected = SampleWorkflows.Running();
        SampleWorkflows.SayNode(expected)["memoizationStatus"] = new JsonObject { ["hit"] = false, ["key"] = "say-hello", ["cacheName"] = "say-cache" };
        Assert.Equal(expected.ToJsonString(), updated.ToJsonString());
    }
}
