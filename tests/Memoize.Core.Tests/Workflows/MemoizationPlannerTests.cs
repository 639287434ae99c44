using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Durations;
using Memoize.Core.Workflows;

namespace Memoize.Core.Tests.Workflows;

public class MemoizationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static string? EmptyCache(string cacheName, string key) => null;

    private static Func<string, string, string?> CacheWith(string cacheName, string key, string value) =>
        (name, k) => name == cacheName && k == key ? value : null;

    private static string Entry(string nodeId, DateTimeOffset created) =>
        CacheEntryCodec.Write(new CacheEntry(nodeId, JsonNode.Parse("""{"parameters":[{"name":"out","value":"cached"}]}"""), created, created));

    [Fact]
    public void A_new_memoized_node_gets_a_lookup_with_the_substituted_key_name_and_maxAge()
    {
        var plan = MemoizationPlanner.Plan(SampleWorkflows.Running(), Now, EmptyCache);

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(MemoizationDecisionKind.Lookup, decision.Kind);
        Assert.Equal("memo-abc-2222", decision.NodeId);
        Assert.Equal("memo-abc[0].say", decision.NodeName);
        Assert.Equal("say-hello", decision.Key);
        Assert.Equal("say-cache", decision.CacheName);
        Assert.Equal(new GoDuration(10_000_000_000), decision.MaxAge);
        Assert.Equal(CacheMissReason.Absent, decision.Lookup!.MissReason);
        Assert.Null(plan.Problem);
    }

    [Fact]
    public void The_lookup_is_answered_on_the_cache_contents_given()
    {
        var plan = MemoizationPlanner.Plan(SampleWorkflows.Running(), Now, CacheWith("say-cache", "say-hello", Entry("memo-old-9", Now.AddSeconds(-10))));

        var lookup = Assert.Single(plan.Decisions).Lookup!;
        Assert.True(lookup.IsHit);
        Assert.Equal("memo-old-9", lookup.Entry!.NodeId);
    }

    [Fact]
    public void A_node_that_succeeded_after_a_miss_is_stored_with_its_outputs_verbatim()
    {
        var workflow = SampleWorkflows.Succeeded();

        var plan = MemoizationPlanner.Plan(workflow, Now, EmptyCache);

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(MemoizationDecisionKind.Store, decision.Kind);
        Assert.Equal("say-hello", decision.Key);
        Assert.Equal("say-cache", decision.CacheName);
        Assert.Equal(
            "{\"nodeID\":\"memo-abc-2222\",\"outputs\":{\"parameters\":[{\"name\":\"out\",\"value\":\"hello\",\"valueFrom\":{\"path\":\"/tmp/out\"}}],\"exitCode\":\"0\"},\"creationTimestamp\":\"2026-01-02T03:04:05Z\",\"lastHitTimestamp\":\"2026-01-02T03:04:05Z\"}",
            CacheEntryCodec.Write(decision.Entry!));
        Assert.Equal(new StoreOperation("say-hello", decision.Entry!, new GoDuration(10_000_000_000)), decision.ToStoreOperation());
    }

    [Fact]
    public void A_node_whose_entry_is_already_saved_is_not_stored_again()
    {
        var plan = MemoizationPlanner.Plan(SampleWorkflows.Succeeded(), Now, CacheWith("say-cache", "say-hello", Entry("memo-abc-2222", Now.AddHours(-5))));

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void A_valid_entry_of_another_node_wins_over_a_store()
    {
        var plan = MemoizationPlanner.Plan(SampleWorkflows.Succeeded(), Now, CacheWith("say-cache", "say-hello", Entry("memo-other", Now.AddSeconds(-3))));

        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public void An_expired_entry_of_another_node_is_replaced()
    {
        var plan = MemoizationPlanner.Plan(SampleWorkflows.Succeeded(), Now, CacheWith("say-cache", "say-hello", Entry("memo-other", Now.AddSeconds(-11))));

        Assert.Equal(MemoizationDecisionKind.Store, Assert.Single(plan.Decisions).Kind);
    }

    [Theory]
    [InlineData("Failed", false)]
    [InlineData("Error", false)]
    [InlineData("Skipped", false)]
    [InlineData("Omitted", false)]
    [InlineData("Failed", true)]
    [InlineData("Omitted", true)]
    [InlineData("Succeeded", false)]
    public void Nodes_that_did_not_succeed_after_a_recorded_miss_get_nothing(string phase, bool withMissStatus)
    {
        var workflow = SampleWorkflows.Succeeded();
        var node = SampleWorkflows.SayNode(workflow);
        node["phase"] = phase;
        if (!withMissStatus)
        {
            node.Remove("memoizationStatus");
        }

        Assert.Empty(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);
    }

    [Fact]
    public void A_node_that_hit_gets_nothing()
    {
        var workflow = SampleWorkflows.Succeeded();
        SampleWorkflows.SayNode(workflow)["memoizationStatus"]!["hit"] = true;

        Assert.Empty(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);
    }

    [Fact]
    public void A_node_Argo_already_looked_up_gets_no_second_lookup()
    {
        var workflow = SampleWorkflows.Running();
        SampleWorkflows.SayNode(workflow)["memoizationStatus"] = new JsonObject { ["hit"] = false, ["key"] = "say-hello", ["cacheName"] = "say-cache" };

        Assert.Empty(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);
    }

    private static JsonObject RetriedWorkflow(string retryPhase, string lastAttemptPhase)
    {
        var workflow = SampleWorkflows.Succeeded();
        var nodes = workflow["status"]!["nodes"]!.AsObject();
        var retry = SampleWorkflows.SayNode(workflow);
        retry["type"] = "Retry";
        retry["phase"] = retryPhase;
        retry["children"] = new JsonArray("memo-abc-3333", "memo-abc-4444");
        if (retryPhase != "Succeeded")
        {
            retry.Remove("memoizationStatus");
            retry.Remove("outputs");
        }

        nodes["memo-abc-3333"] = SampleWorkflows.Parse("""
            {"id":"memo-abc-3333","name":"memo-abc[0].say(0)","displayName":"say(0)","type":"Pod","templateName":"say","templateScope":"local/memo-abc",
             "phase":"Failed","boundaryID":"memo-abc","inputs":{"parameters":[{"name":"msg","value":"hello"}]}}
            """);
        nodes["memo-abc-4444"] = SampleWorkflows.Parse($$$"""
            {"id":"memo-abc-4444","name":"memo-abc[0].say(1)","displayName":"say(1)","type":"Pod","templateName":"say","templateScope":"local/memo-abc",
             "phase":"{{{lastAttemptPhase}}}","boundaryID":"memo-abc","inputs":{"parameters":[{"name":"msg","value":"hello"}]}}
            """);
        return workflow;
    }

    [Fact]
    public void A_retried_template_saves_the_successful_attempts_node_ID()
    {
        var plan = MemoizationPlanner.Plan(RetriedWorkflow("Succeeded", "Succeeded"), Now, EmptyCache);

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(MemoizationDecisionKind.Store, decision.Kind);
        Assert.Equal("memo-abc-2222", decision.NodeId);
        Assert.Equal("memo-abc-4444", decision.Entry!.NodeId);
    }

    [Fact]
    public void Only_the_retry_node_is_looked_up_never_its_attempts()
    {
        var plan = MemoizationPlanner.Plan(RetriedWorkflow("Running", "Running"), Now, EmptyCache);

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(MemoizationDecisionKind.Lookup, decision.Kind);
        Assert.Equal("memo-abc-2222", decision.NodeId);
    }

    [Fact]
    public void A_memoized_steps_template_saves_the_steps_node_itself_and_null_outputs_when_it_has_none()
    {
        var workflow = SampleWorkflows.Succeeded();
        workflow["spec"]!["templates"]![0]!["memoize"] = SampleWorkflows.Parse("""{"key":"main-{{workflow.parameters.greeting}}","cache":{"configMap":{"name":"main-cache"}}}""");
        var root = workflow["status"]!["nodes"]!["memo-abc"]!.AsObject();
        root["phase"] = "Succeeded";
        root["memoizationStatus"] = new JsonObject { ["hit"] = false, ["key"] = "main-hello", ["cacheName"] = "main-cache" };

        var plan = MemoizationPlanner.Plan(workflow, Now, EmptyCache);

        Assert.Equal(["memo-abc", "memo-abc-2222"], plan.Decisions.Select(d => d.NodeId));
        var steps = plan.Decisions[0];
        Assert.Equal(MemoizationDecisionKind.Store, steps.Kind);
        Assert.Equal("memo-abc", steps.Entry!.NodeId);
        Assert.Null(steps.Entry.Outputs);
        Assert.Null(steps.MaxAge);
        Assert.Equal("{\"nodeID\":\"memo-abc\",\"outputs\":null,\"creationTimestamp\":\"2026-01-02T03:04:05Z\",\"lastHitTimestamp\":\"2026-01-02T03:04:05Z\"}", CacheEntryCodec.Write(steps.Entry));
    }

    [Fact]
    public void A_running_DAG_node_with_a_memoized_template_gets_a_lookup()
    {
        var workflow = SampleWorkflows.Running();
        workflow["spec"]!["templates"]![0] = SampleWorkflows.Parse("""
            {"name":"main","dag":{"tasks":[{"name":"say","template":"say"}]},"memoize":{"key":"dag-{{workflow.name}}","maxAge":"1h","cache":{"configMap":{"name":"dag-cache"}}}}
            """);
        workflow["status"]!["nodes"]!["memo-abc"]!["type"] = "DAG";

        var plan = MemoizationPlanner.Plan(workflow, Now, EmptyCache);

        var dag = plan.Decisions.Single(d => d.NodeId == "memo-abc");
        Assert.Equal(MemoizationDecisionKind.Lookup, dag.Kind);
        Assert.Equal("dag-memo-abc", dag.Key);
        Assert.Equal("dag-cache", dag.CacheName);
    }

    public static TheoryData<string, string, string, string> InvalidBlocks => new()
    {
        { "say-{{inputs.parameters.msg}}", "say-cache", "10s", "node memo-abc[0].say: invalid cache key: say-a.b_c (after substitution a key must start with a letter or digit, contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$) and be at most 253 characters; e.g. \"say-a-b-c\")" },
        { "ok", "say-cache", "1d", "node memo-abc[0].say: invalid maxAge: time: unknown unit \"d\" in duration \"1d\"" },
        { "ok", "Say_Cache", "10s", "node memo-abc[0].say: invalid cache ConfigMap name \"Say_Cache\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters; e.g. \"say-cache\"" },
        { "-{{inputs.parameters.msg}}", "say-cache", "10", "node memo-abc[0].say: invalid cache key: -a.b_c (after substitution a key must start with a letter or digit, contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$) and be at most 253 characters; e.g. \"a-b-c\"); invalid maxAge: time: missing unit in duration \"10\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidBlocks))]
    public void Invalid_values_after_substitution_are_reported_with_the_exact_problem(string key, string cacheName, string maxAge, string problem)
    {
        var workflow = SampleWorkflows.Running();
        workflow["spec"]!["templates"]![1]!["memoize"] = new JsonObject
        {
            ["key"] = key,
            ["maxAge"] = maxAge,
            ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = cacheName } },
        };
        SampleWorkflows.SayNode(workflow)["inputs"]!["parameters"]![0]!["value"] = "a.b_c";

        var decision = Assert.Single(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);

        Assert.Equal(MemoizationDecisionKind.Invalid, decision.Kind);
        Assert.Equal(problem, decision.Problem);
    }

    [Fact]
    public void A_memoize_block_without_a_cache_is_invalid()
    {
        var workflow = SampleWorkflows.Running();
        workflow["spec"]!["templates"]![1]!["memoize"] = SampleWorkflows.Parse("""{"key":"k"}""");

        var decision = Assert.Single(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);

        Assert.Equal(
            "node memo-abc[0].say: memoize.cache.configMap.name is missing: Argo's controller fails the whole workflow without it; add cache: {configMap: {name: my-cache}}",
            decision.Problem);
    }

    [Theory]
    [InlineData("{{inputs.parameters.nope}}", "cannot compute the memoization of node memo-abc[0].say: memoize.key \"{{inputs.parameters.nope}}\" has tags with no known value ({{inputs.parameters.nope}}); Argo leaves unresolved tags literally, which makes an invalid key")]
    [InlineData("{{=inputs.parameters.msg}}", "cannot compute the memoization of node memo-abc[0].say: memoize.key \"{{=inputs.parameters.msg}}\" uses expression tags, which are not evaluated here; Argo leaves unresolved tags literally, which makes an invalid key")]
    public void Keys_that_cannot_be_computed_are_unresolved_not_invalid(string key, string problem)
    {
        var workflow = SampleWorkflows.Running();
        workflow["spec"]!["templates"]![1]!["memoize"]!["key"] = key;

        var decision = Assert.Single(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);

        Assert.Equal(MemoizationDecisionKind.Unresolved, decision.Kind);
        Assert.Equal(problem, decision.Problem);
    }

    [Fact]
    public void A_node_whose_template_cannot_be_found_is_unresolved()
    {
        var workflow = SampleWorkflows.Running();
        SampleWorkflows.SayNode(workflow)["templateScope"] = "namespaced/lib";

        var decision = Assert.Single(MemoizationPlanner.Plan(workflow, Now, EmptyCache, _ => null).Decisions);

        Assert.Equal(MemoizationDecisionKind.Unresolved, decision.Kind);
        Assert.Equal(
            "cannot tell whether node memo-abc[0].say is memoized: WorkflowTemplate argo/lib is not known, and status.storedTemplates has no \"namespaced/lib/say\"",
            decision.Problem);
    }

    [Fact]
    public void A_store_with_an_invalid_recorded_key_is_invalid()
    {
        var workflow = SampleWorkflows.Succeeded();
        SampleWorkflows.SayNode(workflow)["memoizationStatus"]!["key"] = "say.hello";

        var decision = Assert.Single(MemoizationPlanner.Plan(workflow, Now, EmptyCache).Decisions);

        Assert.Equal(MemoizationDecisionKind.Invalid, decision.Kind);
        Assert.StartsWith("node memo-abc[0].say: memoizationStatus cannot be stored: invalid cache key: say.hello (", decision.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offloaded_workflow_is_skipped_with_one_problem()
    {
        var workflow = SampleWorkflows.Running();
        workflow["status"]!.AsObject().Remove("nodes");
        workflow["status"]!["offloadNodeStatusVersion"] = "fnv:1";

        var plan = MemoizationPlanner.Plan(workflow, Now, EmptyCache);

        Assert.Equal(NodeStatusStorage.Offloaded, plan.Storage);
        Assert.Empty(plan.Decisions);
        Assert.StartsWith("Workflow argo/memo-abc has its node status offloaded", plan.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_nodes_are_planned_like_plain_ones()
    {
        var workflow = SampleWorkflows.Running();
        var nodes = workflow["status"]!["nodes"]!.AsObject();
        workflow["status"]!.AsObject().Remove("nodes");
        workflow["status"]!["compressedNodes"] = SampleWorkflows.Compress(nodes);

        var plan = MemoizationPlanner.Plan(workflow, Now, EmptyCache);

        Assert.Equal(NodeStatusStorage.Compressed, plan.Storage);
        Assert.Equal("say-hello", Assert.Single(plan.Decisions).Key);
    }

    [Fact]
    public void TemplateDefaults_make_every_template_memoized()
    {
        var workflow = SampleWorkflows.Running();
        workflow["spec"]!["templateDefaults"] = SampleWorkflows.Parse("""{"memoize":{"key":"{{node.name}}-x","cache":{"configMap":{"name":"all"}}}}""");
        workflow["spec"]!["templates"]![1]!.AsObject().Remove("memoize");

        var plan = MemoizationPlanner.Plan(workflow, Now, EmptyCache);

        // The root Steps node's name has no '.', so its key is valid; the step's name "memo-abc[0].say" is not.
        Assert.Equal([MemoizationDecisionKind.Lookup, MemoizationDecisionKind.Invalid], plan.Decisions.Select(d => d.Kind));
        Assert.Equal("memo-abc-x", plan.Decisions[0].Key);
        Assert.Null(plan.Decisions[0].MaxAge);
    }
}
