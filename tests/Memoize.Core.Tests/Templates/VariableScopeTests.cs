using Memoize.Core.Objects;
using Memoize.Core.Templates;

namespace Memoize.Core.Tests.Templates;

public class VariableScopeTests
{
    private const string Inputs = """
        [
          {"name": "message"},
          {"name": "file", "default": "a.txt"},
          {"name": "fixed", "value": "v1", "default": "ignored"},
          {"name": "derived", "value": "{{workflow.parameters.message}}"},
          {"name": "fromConfig", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k"}}},
          {"name": "count", "default": 3}
        ]
        """;

    private const string Arguments = """
        [
          {"name": "message", "value": "hello"},
          {"name": "empty", "value": ""},
          {"name": "later"},
          {"name": "templated", "value": "{{workflow.name}}"},
          {"name": "flag", "value": true}
        ]
        """;

    public static TheoryData<string, VariableStatus, string?> WorkflowCases => new()
    {
        { "inputs.parameters.message", VariableStatus.Unknown, null },
        { "inputs.parameters.file", VariableStatus.Known, "a.txt" },
        { "inputs.parameters.fixed", VariableStatus.Known, "v1" },
        { "inputs.parameters.derived", VariableStatus.Unknown, null },
        { "inputs.parameters.fromConfig", VariableStatus.Unknown, null },
        { "inputs.parameters.count", VariableStatus.Known, "3" },
        { "inputs.parameters.nope", VariableStatus.UndeclaredInputParameter, null },
        { "inputs.parameters", VariableStatus.Unknown, null },
        { "workflow.parameters.message", VariableStatus.Known, "hello" },
        { "workflow.parameters.empty", VariableStatus.Known, "" },
        { "workflow.parameters.later", VariableStatus.Unknown, null },
        { "workflow.parameters.templated", VariableStatus.Unknown, null },
        { "workflow.parameters.flag", VariableStatus.Known, "true" },
        { "workflow.parameters.nope", VariableStatus.UndeclaredWorkflowParameter, null },
        { "workflow.parameters.json", VariableStatus.Unknown, null },
        { "workflow.parameters", VariableStatus.Unknown, null },
        { "workflow.name", VariableStatus.Unknown, null },
        { "workflow.namespace", VariableStatus.Unknown, null },
        { "workflow.uid", VariableStatus.Unknown, null },
        { "workflow.mainEntrypoint", VariableStatus.Unknown, null },
        { "workflow.serviceAccountName", VariableStatus.Unknown, null },
        { "workflow.labels.team", VariableStatus.Unknown, null },
        { "workflow.annotations.owner", VariableStatus.Unknown, null },
        { "workflow.creationTimestamp", VariableStatus.Unknown, null },
        { "workflow.creationTimestamp.Y", VariableStatus.Unknown, null },
        { "workflow.outputs.parameters.sha", VariableStatus.Unknown, null },
        { "workflow.priority", VariableStatus.Unknown, null },
        { "workflow.scheduledTime", VariableStatus.Unknown, null },
        { "steps.name", VariableStatus.Unknown, null },
        { "tasks.name", VariableStatus.Unknown, null },
        { "node.name", VariableStatus.Unknown, null },
        { "pod.name", VariableStatus.Unknown, null },
        { "retries", VariableStatus.Unknown, null },
        { "item", VariableStatus.Unknown, null },
        { "item.id", VariableStatus.Unknown, null },
        { "steps.build.outputs.result", VariableStatus.Unknown, null },
        { "tasks.fetch.outputs.parameters.sha", VariableStatus.Unknown, null },
        { "workflow.parameter.message", VariableStatus.UnknownVariable, null },
        { "workflow.labels.", VariableStatus.UnknownVariable, null },
        { "workflow", VariableStatus.UnknownVariable, null },
        { "inputs.parameter.message", VariableStatus.UnknownVariable, null },
        { "inputs.artifacts.data", VariableStatus.UnknownVariable, null },
        { "outputs.result", VariableStatus.UnknownVariable, null },
        { "item.", VariableStatus.UnknownVariable, null },
        { "foo", VariableStatus.UnknownVariable, null },
        { "", VariableStatus.UnknownVariable, null },
    };

    private static VariableScope WorkflowScope(string kind = "Workflow", bool isTemplateDefaults = false)
    {
        var argoObject = ArgoObject.TryFrom(Manifest.WithMemoize("{}", Inputs, Arguments, kind))!;
        var template = argoObject.WorkflowSpec!["templates"]![0]!.AsObject();
        return VariableScope.For(argoObject, template, isTemplateDefaults);
    }

    [Theory]
    [MemberData(nameof(WorkflowCases))]
    public void Resolve_in_a_Workflow_template(string name, VariableStatus status, string? value)
    {
        var resolution = WorkflowScope().Resolve(name);

        Assert.Equal(new VariableResolution(name, status, value), resolution);
    }

    [Theory]
    [InlineData("WorkflowTemplate")]
    [InlineData("ClusterWorkflowTemplate")]
    public void Resolve_leaves_undeclared_workflow_parameters_of_a_template_to_submission(string kind) =>
        Assert.Equal(VariableStatus.GivenAtSubmission, WorkflowScope(kind).Resolve("workflow.parameters.nope").Status);

    [Fact]
    public void Resolve_reads_a_CronWorkflows_arguments_under_workflowSpec()
    {
        var scope = WorkflowScope("CronWorkflow");

        Assert.Equal(new VariableResolution("workflow.parameters.message", VariableStatus.Known, "hello"), scope.Resolve("workflow.parameters.message"));
        Assert.Equal(VariableStatus.UndeclaredWorkflowParameter, scope.Resolve("workflow.parameters.nope").Status);
    }

    [Fact]
    public void Resolve_in_templateDefaults_accepts_any_input_parameter_with_an_unknown_value()
    {
        var scope = WorkflowScope(isTemplateDefaults: true);

        Assert.Equal(VariableStatus.Unknown, scope.Resolve("inputs.parameters.anything").Status);
        Assert.Equal(VariableStatus.Unknown, scope.Resolve("inputs.parameters.file").Status);
        Assert.Equal(VariableStatus.Known, scope.Resolve("workflow.parameters.message").Status);
    }

    [Fact]
    public void KnownValues_hold_exactly_the_values_known_now()
    {
        var known = WorkflowScope().KnownValues;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["inputs.parameters.file"] = "a.txt",
                ["inputs.parameters.fixed"] = "v1",
                ["inputs.parameters.count"] = "3",
                ["workflow.parameters.message"] = "hello",
                ["workflow.parameters.empty"] = "",
                ["workflow.parameters.flag"] = "true",
            },
            known);
    }
}
