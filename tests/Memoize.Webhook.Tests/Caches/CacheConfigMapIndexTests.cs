using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Objects;
using Memoize.Webhook.Caches;

namespace Memoize.Webhook.Tests.Caches;

public sealed class CacheConfigMapIndexTests
{
    private static readonly CacheNamespacePolicy ControllerMode = new(CacheNamespaceMode.Controller, "argo");
    private static readonly CacheNamespacePolicy WorkflowMode = new(CacheNamespaceMode.Workflow, "argo");

    private static ArgoObject Workflow(string name, string? @namespace, params string[] cacheNames)
    {
        var templates = new JsonArray([.. cacheNames.Select((cache, i) => (JsonNode)new JsonObject
        {
            ["name"] = $"t{i}",
            ["memoize"] = new JsonObject { ["key"] = "k", ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = cache } } },
        })]);
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        return ArgoObject.TryFrom(new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = @namespace is null ? "ClusterWorkflowTemplate" : "Workflow",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["templates"] = templates },
        })!;
    }

    [Fact]
    public void A_cache_named_by_a_workflow_is_in_the_controller_namespace()
    {
        var index = new CacheConfigMapIndex(ControllerMode);
        index.Upsert(Workflow("wf", "team-a", "greeting-cache"));
        Assert.True(index.IsNamedCache("argo", "greeting-cache"));
        Assert.False(index.IsNamedCache("team-a", "greeting-cache"));
        Assert.False(index.IsNamedCache("argo", "other"));
    }

    [Fact]
    public void In_workflow_mode_the_cache_is_in_the_workflow_namespace_and_a_cluster_template_names_any()
    {
        var index = new CacheConfigMapIndex(WorkflowMode);
        index.Upsert(Workflow("wf", "team-a", "greeting-cache"));
        index.Upsert(Workflow("shared", null, "shared-cache"));
        Assert.True(index.IsNamedCache("team-a", "greeting-cache"));
        Assert.False(index.IsNamedCache("argo", "greeting-cache"));
        Assert.True(index.IsNamedCache("team-b", "shared-cache"));
    }

    [Fact]
    public void A_name_counts_while_any_object_names_it()
    {
        var index = new CacheConfigMapIndex(ControllerMode);
        var first = Workflow("a", "argo", "c");
        var second = Workflow("b", "argo", "c");
        index.Upsert(first);
        index.Upsert(second);
        index.Remove(first);
        Assert.True(index.IsNamedCache("argo", "c"));
        index.Remove(second);
        Assert.False(index.IsNamedCache("argo", "c"));
    }

    [Fact]
    public void An_update_replaces_the_names_an_object_had()
    {
        var index = new CacheConfigMapIndex(ControllerMode);
        index.Upsert(Workflow("a", "argo", "old-cache", "old-cache"));
        index.Upsert(Workflow("a", "argo", "new-cache"));
        Assert.False(index.IsNamedCache("argo", "old-cache"));
        Assert.True(index.IsNamedCache("argo", "new-cache"));
    }

    [Theory]
    [InlineData("{{workflow.parameters.cache}}")]
    [InlineData("Bad_Name")]
    [InlineData("")]
    public void Templated_or_invalid_names_are_not_indexed(string name)
    {
        var index = new CacheConfigMapIndex(ControllerMode);
        index.Upsert(Workflow("a", "argo", name));
        Assert.False(index.IsNamedCache("argo", name));
    }

    [Fact]
    public void A_relist_replaces_everything_and_marks_the_index_synced()
    {
        var index = new CacheConfigMapIndex(ControllerMode);
        index.Upsert(Workflow("gone", "argo", "gone-cache"));
        Assert.False(index.IsSynced);
        index.Replace([Workflow("kept", "argo", "kept-cache")]);
        Assert.True(index.IsSynced);
        Assert.False(index.IsNamedCache("argo", "gone-cache"));
        Assert.True(index.IsNamedCache("argo", "kept-cache"));
    }

    [Fact]
    public async Task Concurrent_events_leave_a_consistent_index()
    {
        var index = new CacheConfigMapIndex(ControllerMode);
        var objects = Enumerable.Range(0, 200).Select(i => Workflow($"wf{i}", "argo", $"cache-{i % 7}")).ToList();
        await Task.WhenAll(objects.Select(o => Task.Run(() =>
        {
            index.Upsert(o);
            _ = index.IsNamedCache("argo", "cache-0");
        })));
        await Task.WhenAll(objects.Where((_, i) => i % 7 != 3).Select(o => Task.Run(() => index.Remove(o))));
        Assert.True(index.IsNamedCache("argo", "cache-3"));
        Assert.All(Enumerable.Range(0, 7).Where(i => i != 3), i => Assert.False(index.IsNamedCache("argo", $"cache-{i}")));
    }
}
