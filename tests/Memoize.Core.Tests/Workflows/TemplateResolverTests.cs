using System.Text.Json.Nodes;
using Memoize.Core.Workflows;

namespace Memoize.Core.Tests.Workflows;

public class TemplateResolverTests
{
    private static WorkflowNode Node(string json) => new("n", SampleWorkflows.Parse(json));

    private static JsonObject Template(string name, string key) =>
        new()
        {
            ["name"] = name,
            ["memoize"] = new JsonObject { ["key"] = key, ["cache"] = SampleWorkflows.Parse("""{"configMap":{"name":"c"}}""") },
            ["container"] = new JsonObject { ["image"] = "busybox" },
        };

    private static JsonObject WorkflowTemplate(string kind, string name, params JsonObject[] templates) =>
        new() { ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject { ["templates"] = new JsonArray(templates) } };

    [Theory]
    [InlineData("local/memo-abc")]
    [InlineData("")]
    public void Local_scope_finds_the_workflows_own_template(string scope)
    {
        var node = Node($$"""{"templateName":"say","templateScope":"{{scope}}"}""");

        var resolution = TemplateResolver.Resolve(SampleWorkflows.Running(), node);

        Assert.Equal("spec.templates[say]", resolution.Source);
        Assert.Equal("say-{{inputs.parameters.msg}}", resolution.Memoize!["key"]!.GetValue<string>());
        Assert.Null(resolution.Problem);
    }

    [Fact]
    public void A_workflow_running_a_workflowTemplateRef_uses_the_stored_spec()
    {
        var workflow = SampleWorkflows.Parse("""{"metadata":{"name":"w","namespace":"argo"},"spec":{"workflowTemplateRef":{"name":"wt"}},"status":{}}""");
        workflow["status"]!["storedWorkflowTemplateSpec"] = new JsonObject { ["templates"] = new JsonArray(Template("say", "stored")) };

        var resolution = TemplateResolver.Resolve(workflow, Node("""{"templateName":"say","templateScope":"local/w"}"""));

        Assert.Equal("status.storedWorkflowTemplateSpec.templates[say]", resolution.Source);
        Assert.Equal("stored", resolution.Memoize!["key"]!.GetValue<string>());
    }

    [Fact]
    public void Namespaced_scope_prefers_the_stored_copy_over_the_live_object()
    {
        var workflow = SampleWorkflows.Running();
        workflow["status"]!["storedTemplates"] = new JsonObject { ["namespaced/lib/build"] = Template("build", "what-ran") };
        var asked = new List<TemplateOwner>();

        var resolution = TemplateResolver.Resolve(workflow, Node("""{"templateName":"build","templateScope":"namespaced/lib"}"""), owner =>
        {
            asked.Add(owner);
            return WorkflowTemplate("WorkflowTemplate", "lib", Template("build", "edited-since"));
        });

        Assert.Equal("status.storedTemplates[\"namespaced/lib/build\"]", resolution.Source);
        Assert.Equal("what-ran", resolution.Memoize!["key"]!.GetValue<string>());
        Assert.Empty(asked);
    }

    [Fact]
    public void Namespaced_scope_falls_back_to_the_WorkflowTemplate_in_the_workflows_namespace()
    {
        var asked = new List<TemplateOwner>();

        var resolution = TemplateResolver.Resolve(SampleWorkflows.Running(), Node("""{"templateName":"build","templateScope":"namespaced/lib"}"""), owner =>
        {
            asked.Add(owner);
            return WorkflowTemplate("WorkflowTemplate", "lib", Template("other", "x"), Template("build", "live"));
        });

        Assert.Equal([new TemplateOwner(false, "lib", "argo")], asked);
        Assert.Equal("WorkflowTemplate argo/lib spec.templates[build]", resolution.Source);
        Assert.Equal("live", resolution.Memoize!["key"]!.GetValue<string>());
    }

    [Fact]
    public void A_cluster_templateRef_asks_for_the_ClusterWorkflowTemplate()
    {
        var asked = new List<TemplateOwner>();
        var node = Node("""{"templateRef":{"name":"shared","template":"fetch","clusterScope":true},"templateScope":"local/memo-abc"}""");

        var resolution = TemplateResolver.Resolve(SampleWorkflows.Running(), node, owner =>
        {
            asked.Add(owner);
            return WorkflowTemplate("ClusterWorkflowTemplate", "shared", Template("fetch", "cluster-key"));
        });

        Assert.Equal([new TemplateOwner(true, "shared", null)], asked);
        Assert.Equal("ClusterWorkflowTemplate shared spec.templates[fetch]", resolution.Source);
        Assert.Equal("cluster-key", resolution.Memoize!["key"]!.GetValue<string>());
    }

    [Fact]
    public void A_namespaced_templateRef_uses_its_stored_template()
    {
        var workflow = SampleWorkflows.Running();
        workflow["status"]!["storedTemplates"] = new JsonObject { ["namespaced/lib/compile"] = Template("compile", "stored-ref") };
        var node = Node("""{"templateRef":{"name":"lib","template":"compile"},"templateScope":"local/memo-abc"}""");

        var resolution = TemplateResolver.Resolve(workflow, node);

        Assert.Equal("status.storedTemplates[\"namespaced/lib/compile\"]", resolution.Source);
        Assert.Equal("stored-ref", resolution.Memoize!["key"]!.GetValue<string>());
    }

    public static TheoryData<string, string> Unfound => new()
    {
        { """{"templateName":"nope","templateScope":"local/memo-abc"}""", "template \"nope\" is not in the workflow's spec.templates nor in status.storedWorkflowTemplateSpec" },
        { """{"templateName":"build","templateScope":"namespaced/lib"}""", "WorkflowTemplate argo/lib is not known, and status.storedTemplates has no \"namespaced/lib/build\"" },
        { """{"templateRef":{"name":"shared","template":"x","clusterScope":true}}""", "ClusterWorkflowTemplate shared is not known, and status.storedTemplates has no \"cluster/shared/x\"" },
        { """{"templateName":"build","templateScope":"galaxy/far"}""", "template scope \"galaxy/far\" is not one of local/..., namespaced/<name>, cluster/<name>" },
    };

    [Theory]
    [MemberData(nameof(Unfound))]
    public void A_template_that_cannot_be_found_says_why(string nodeJson, string problem)
    {
        var resolution = TemplateResolver.Resolve(SampleWorkflows.Running(), Node(nodeJson), _ => null);

        Assert.Null(resolution.Template);
        Assert.Null(resolution.Memoize);
        Assert.Equal(problem, resolution.Problem);
    }

    [Fact]
    public void A_known_owner_without_the_template_says_so()
    {
        var resolution = TemplateResolver.Resolve(SampleWorkflows.Running(), Node("""{"templateName":"build","templateScope":"namespaced/lib"}"""),
            _ => WorkflowTemplate("WorkflowTemplate", "lib", Template("other", "x")));

        Assert.Equal("WorkflowTemplate argo/lib has no template \"build\"", resolution.Problem);
    }

    [Fact]
    public void A_node_without_a_template_resolves_to_nothing_without_a_problem()
    {
        var resolution = TemplateResolver.Resolve(SampleWorkflows.Running(), Node("""{"type":"StepGroup","templateScope":"local/memo-abc"}"""));

        Assert.Null(resolution.Template);
        Assert.Null(resolution.Problem);
    }

    [Fact]
    public void TemplateDefaults_memoize_is_merged_under_the_templates_own_fields()
    {
        var workflow = SampleWorkflows.Running();
        workflow["spec"]!["templateDefaults"] = SampleWorkflows.Parse("""{"memoize":{"maxAge":"1h","cache":{"configMap":{"name":"default-cache","key":"unused"}}}}""");
        workflow["spec"]!["templates"]![1]!["memoize"] = SampleWorkflows.Parse("""{"key":"k","cache":{"configMap":{"name":"mine"}}}""");

        var say = TemplateResolver.Resolve(workflow, Node("""{"templateName":"say"}"""));
        var main = TemplateResolver.Resolve(workflow, Node("""{"templateName":"main"}"""));

        Assert.Equal("""{"maxAge":"1h","cache":{"configMap":{"name":"mine","key":"unused"}},"key":"k"}""", say.Memoize!.ToJsonString());
        Assert.Equal("""{"maxAge":"1h","cache":{"configMap":{"name":"default-cache","key":"unused"}}}""", main.Memoize!.ToJsonString());
    }
}
