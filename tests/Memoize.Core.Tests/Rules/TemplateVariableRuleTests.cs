using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class TemplateVariableRuleTests
{
    private const string P = "spec.templates[0].memoize";

    private const string Accepted =
        "use inputs.parameters.<name>, workflow.parameters.<name>, workflow.name, workflow.namespace, workflow.uid, node.name, pod.name, steps.name, tasks.name or item";

    private const string Inputs = """[{"name": "message"}]""";
    private const string Arguments = """[{"name": "env", "value": "prod"}]""";

    private static IReadOnlyList<string> KeyFindings(string key, string kind = "Workflow") =>
        Lint.Rule(new TemplateVariableRule(), Manifest.WithMemoize(Manifest.Block("key", System.Text.Json.JsonSerializer.Serialize(key)), Inputs, Arguments, kind));

    [Fact]
    public void Undeclared_input_parameter_is_an_error_naming_the_template() =>
        Assert.Equal(
            [$"Error: {P}.key: Invalid value: \"{{{{inputs.parameters.nope}}}}\": template \"main\" declares no input parameter \"nope\"; declare it under inputs.parameters, e.g. inputs: {{parameters: [{{name: nope}}]}}"],
            KeyFindings("{{inputs.parameters.nope}}"));

    [Fact]
    public void Undeclared_workflow_parameter_is_an_error_in_a_Workflow() =>
        Assert.Equal(
            [$"Error: {P}.key: Invalid value: \"{{{{workflow.parameters.nope}}}}\": the workflow declares no parameter \"nope\" under spec.arguments.parameters; add it, e.g. arguments: {{parameters: [{{name: nope, value: \"x\"}}]}}"],
            KeyFindings("{{workflow.parameters.nope}}"));

    [Fact]
    public void Undeclared_workflow_parameter_is_an_error_in_a_CronWorkflow_under_workflowSpec() =>
        Assert.Equal(
            ["Error: spec.workflowSpec.templates[0].memoize.key: Invalid value: \"{{workflow.parameters.nope}}\": the workflow declares no parameter \"nope\" under spec.workflowSpec.arguments.parameters; add it, e.g. arguments: {parameters: [{name: nope, value: \"x\"}]}"],
            KeyFindings("{{workflow.parameters.nope}}", "CronWorkflow"));

    [Theory]
    [InlineData("WorkflowTemplate", "workflow template", "workflowtemplate/memo")]
    [InlineData("ClusterWorkflowTemplate", "cluster workflow template", "clusterworkflowtemplate/memo")]
    public void Undeclared_workflow_parameter_is_only_a_warning_in_a_template(string kind, string described, string from) =>
        Assert.Equal(
            [$"Warning: {P}.key: Invalid value: \"{{{{workflow.parameters.nope}}}}\": the {described} declares no parameter \"nope\" under spec.arguments.parameters, so every workflow submitted from it must give one (e.g. argo submit --from {from} -p nope=x); to be safe declare it with a default, e.g. arguments: {{parameters: [{{name: nope, value: \"x\"}}]}}"],
            KeyFindings("{{workflow.parameters.nope}}", kind));

    [Theory]
    [InlineData("inputs.parameter.message", "inputs.parameters.message")]
    [InlineData("input.parameters.message", "inputs.parameters.message")]
    [InlineData("Inputs.Params.message", "inputs.parameters.message")]
    [InlineData("workflow.parameter.env", "workflow.parameters.env")]
    [InlineData("foo", "inputs.parameters.message")]
    [InlineData("inputs.artifacts.data", "inputs.parameters.message")]
    [InlineData("outputs.result", "inputs.parameters.message")]
    [InlineData("", "inputs.parameters.message")]
    public void Unknown_variable_is_an_error_with_the_likely_fix_as_example(string name, string example) =>
        Assert.Equal(
            [$"Error: {P}.key: Invalid value: \"{{{{{name}}}}}\": \"{name}\" is not a variable Argo substitutes here; {Accepted}, e.g. \"{{{{{example}}}}}\""],
            KeyFindings($"{{{{{name}}}}}"));

    [Theory]
    [InlineData("{{inputs.parameters.message}}")]
    [InlineData("{{ inputs.parameters.message }}")]
    [InlineData("{{workflow.parameters.env}}")]
    [InlineData("{{workflow.parameters.json}}")]
    [InlineData("{{workflow.name}}-{{workflow.namespace}}-{{workflow.uid}}")]
    [InlineData("{{workflow.labels.team}}-{{workflow.annotations.owner}}-{{workflow.creationTimestamp.Y}}")]
    [InlineData("{{workflow.mainEntrypoint}}-{{workflow.serviceAccountName}}-{{workflow.priority}}")]
    [InlineData("{{steps.name}}-{{tasks.name}}-{{node.name}}-{{pod.name}}-{{retries}}")]
    [InlineData("{{item}}-{{item.id}}")]
    [InlineData("{{steps.build.outputs.result}}-{{tasks.fetch.outputs.parameters.sha}}")]
    [InlineData("{{=sprig.trunc(8, nonsense)}}")]
    [InlineData("no-tags")]
    public void Variables_Argo_substitutes_are_accepted(string key) => Assert.Empty(KeyFindings(key));

    [Fact]
    public void Each_unresolvable_tag_is_reported_once_per_field_as_written() =>
        Assert.Equal(
            [
                $"Error: {P}.key: Invalid value: \"{{{{ inputs.parameters.nope }}}}\": template \"main\" declares no input parameter \"nope\"; declare it under inputs.parameters, e.g. inputs: {{parameters: [{{name: nope}}]}}",
                $"Error: {P}.key: Invalid value: \"{{{{foo}}}}\": \"foo\" is not a variable Argo substitutes here; {Accepted}, e.g. \"{{{{inputs.parameters.message}}}}\"",
            ],
            KeyFindings("{{ inputs.parameters.nope }}-{{foo}}-{{ inputs.parameters.nope }}"));

    [Fact]
    public void MaxAge_and_cache_name_are_checked_too()
    {
        var block = """{"key": "k", "maxAge": "{{inputs.parameters.age}}", "cache": {"configMap": {"name": "{{workflow.parameters.cache}}"}}}""";

        Assert.Equal(
            [
                $"Error: {P}.maxAge: Invalid value: \"{{{{inputs.parameters.age}}}}\": template \"main\" declares no input parameter \"age\"; declare it under inputs.parameters, e.g. inputs: {{parameters: [{{name: age}}]}}",
                $"Error: {P}.cache.configMap.name: Invalid value: \"{{{{workflow.parameters.cache}}}}\": the workflow declares no parameter \"cache\" under spec.arguments.parameters; add it, e.g. arguments: {{parameters: [{{name: cache, value: \"x\"}}]}}",
            ],
            Lint.Rule(new TemplateVariableRule(), Manifest.WithMemoize(block, Inputs, Arguments)));
    }

    [Fact]
    public void TemplateDefaults_may_use_any_input_parameter_but_only_declared_workflow_parameters()
    {
        var document = Manifest.Of("Workflow", """
            {"arguments": {"parameters": [{"name": "env", "value": "prod"}]},
             "templateDefaults": {"memoize": {"key": "{{inputs.parameters.anything}}-{{workflow.parameters.env}}-{{workflow.parameters.nope}}", "maxAge": "1h", "cache": {"configMap": {"name": "c"}}}},
             "templates": []}
            """);

        Assert.Equal(
            ["Error: spec.templateDefaults.memoize.key: Invalid value: \"{{workflow.parameters.nope}}\": the workflow declares no parameter \"nope\" under spec.arguments.parameters; add it, e.g. arguments: {parameters: [{name: nope, value: \"x\"}]}"],
            Lint.Rule(new TemplateVariableRule(), document));
    }

    [Fact]
    public void A_template_without_a_name_is_called_the_template()
    {
        var document = Manifest.Of("Workflow", """{"templates": [{"memoize": {"key": "{{inputs.parameters.nope}}", "maxAge": "1h", "cache": {"configMap": {"name": "c"}}}}]}""");

        Assert.Equal(
            ["Error: spec.templates[0].memoize.key: Invalid value: \"{{inputs.parameters.nope}}\": the template declares no input parameter \"nope\"; declare it under inputs.parameters, e.g. inputs: {parameters: [{name: nope}]}"],
            Lint.Rule(new TemplateVariableRule(), document));
    }
}
