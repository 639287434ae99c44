using Memoize.Core.Workflows;

namespace Memoize.Core.Tests.Workflows;

public class NodeVariablesTests
{
    [Fact]
    public void Variables_come_from_the_nodes_inputs_and_the_workflow()
    {
        var workflow = SampleWorkflows.Running();
        var node = new WorkflowNode("memo-abc-2222", SampleWorkflows.SayNode(workflow));

        var values = NodeVariables.For(workflow, node);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["workflow.name"] = "memo-abc",
                ["workflow.namespace"] = "argo",
                ["workflow.uid"] = "0f6c-uid",
                ["workflow.serviceAccountName"] = "runner",
                ["workflow.labels.team"] = "ml",
                ["workflow.annotations.owner"] = "ana",
                ["workflow.parameters.greeting"] = "hello",
                ["workflow.parameters.count"] = "3",
                ["inputs.parameters.msg"] = "hello",
                ["node.name"] = "memo-abc[0].say",
            },
            values);
    }

    [Fact]
    public void The_workflows_own_arguments_override_the_stored_template_spec()
    {
        var workflow = SampleWorkflows.Running();
        workflow["status"]!["storedWorkflowTemplateSpec"] = SampleWorkflows.Parse(
            """{"arguments":{"parameters":[{"name":"greeting","value":"from-template"},{"name":"extra","value":"x"}]}}""");
        var node = new WorkflowNode("memo-abc-2222", SampleWorkflows.SayNode(workflow));

        var values = NodeVariables.For(workflow, node);

        Assert.Equal("hello", values["workflow.parameters.greeting"]);
        Assert.Equal("x", values["workflow.parameters.extra"]);
    }
}
