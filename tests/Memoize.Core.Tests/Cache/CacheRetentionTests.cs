using System.Text.Json.Nodes;
using Memoize.Core.Durations;
using Memoize.Core.Cache;

namespace Memoize.Core.Tests.Cache;

public class CacheRetentionTests
{
    private static JsonObject Carrier(string kind, string? ns, string name, params (string Cache, string? MaxAge)[] blocks)
    {
        var templates = new JsonArray();
        var i = 0;
        foreach (var (cache, maxAge) in blocks)
        {
            var memoize = new JsonObject { ["key"] = "k", ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = cache } } };
            if (maxAge is not null)
            {
                memoize["maxAge"] = maxAge;
            }
            templates.Add(new JsonObject { ["name"] = $"t{i++}", ["memoize"] = memoize });
        }
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        var spec = new JsonObject { ["templates"] = templates };
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["spec"] = kind == "CronWorkflow" ? new JsonObject { ["workflowSpec"] = spec } : spec,
        };
    }

    private static GoDuration Hours(int hours) => new(hours * 3_600_000_000_000L);

    [Fact]
    public void Retention_is_the_largest_maxAge_of_every_template_naming_the_cache()
    {
        var retention = CacheRetention.Compute(
            [
                Carrier("Workflow", "team-a", "wf", ("shared", "1h")),
                Carrier("WorkflowTemplate", "team-b", "wt", ("shared", "24h"), ("other", "2h")),
                Carrier("ClusterWorkflowTemplate", null, "cwt", ("shared", "3h")),
                Carrier("CronWorkflow", "team-c", "cron", ("shared", "5h")),
            ],
            CacheNamespaceMode.Controller, "argo", allNamespacesWatched: true);

        Assert.Equal(Hours(24), retention.For("argo", "shared"));
        Assert.Equal(Hours(2), retention.For("argo", "other"));
        Assert.Null(retention.For("argo", "nobody-names-it"));
        Assert.Null(retention.For("team-a", "shared")); // caches live in the controller namespace
    }

    [Fact]
    public void A_template_without_maxAge_means_entries_never_expire()
    {
        var retention = CacheRetention.Compute([Carrier("Workflow", "a", "wf", ("c", "1h"), ("c", null))], CacheNamespaceMode.Controller, "argo", true);

        Assert.Null(retention.For("argo", "c"));
    }

    [Theory]
    [InlineData("{{inputs.parameters.ttl}}")]
    [InlineData("1d")]
    public void A_templated_or_invalid_maxAge_is_unknown(string maxAge)
    {
        var retention = CacheRetention.Compute([Carrier("Workflow", "a", "wf", ("c", "1h"), ("c", maxAge))], CacheNamespaceMode.Controller, "argo", true);

        Assert.Null(retention.For("argo", "c"));
    }

    [Fact]
    public void A_templated_cache_name_could_be_any_cache_of_its_namespace()
    {
        var retention = CacheRetention.Compute(
            [Carrier("Workflow", "a", "wf", ("c", "1h")), Carrier("Workflow", "b", "wf", ("{{workflow.parameters.cache}}", "1h"))],
            CacheNamespaceMode.Workflow, "argo", true);

        Assert.Equal(Hours(1), retention.For("a", "c"));
        Assert.Null(retention.For("b", "c"));
    }

    [Fact]
    public void Watching_some_namespaces_leaves_controller_namespace_caches_unknown()
    {
        var retention = CacheRetention.Compute([Carrier("Workflow", "a", "wf", ("c", "1h"))], CacheNamespaceMode.Controller, "argo", allNamespacesWatched: false);

        Assert.Null(retention.For("argo", "c"));
    }

    [Fact]
    public void In_workflow_mode_a_cluster_template_names_the_cache_in_every_namespace()
    {
        var retention = CacheRetention.Compute(
            [Carrier("Workflow", "a", "wf", ("c", "1h")), Carrier("ClusterWorkflowTemplate", null, "cwt", ("c", "6h"))],
            CacheNamespaceMode.Workflow, "argo", true);

        Assert.Equal(Hours(6), retention.For("a", "c"));
        Assert.Equal(Hours(6), retention.For("z", "c"));
    }

    [Fact]
    public void Templates_stored_in_a_workflow_status_count_too()
    {
        var workflow = Carrier("Workflow", "a", "wf", ("c", "1h"));
        workflow["status"] = new JsonObject
        {
            ["storedTemplates"] = new JsonObject
            {
                ["namespaced/wt/main"] = new JsonObject
                {
                    ["name"] = "main",
                    ["memoize"] = new JsonObject { ["key"] = "k", ["maxAge"] = "48h", ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = "c" } } },
                },
            },
        };

        var retention = CacheRetention.Compute([workflow], CacheNamespaceMode.Controller, "argo", true);

        Assert.Equal(Hours(48), retention.For("argo", "c"));
    }
}
