using Memoize.Core.Templates;

namespace Memoize.Core.Tests.Templates;

public class TemplateSubstitutionTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["inputs.parameters.message"] = "hello",
        ["workflow.name"] = "wf-1",
        ["inputs.parameters.tricky"] = "{{workflow.name}}",
        ["inputs.parameters.empty"] = "",
    };

    [Theory]
    [InlineData("{{inputs.parameters.message}}", "hello")]
    [InlineData("{{ inputs.parameters.message }}", "hello")]
    [InlineData("{{workflow.name}}-{{inputs.parameters.message}}", "wf-1-hello")]
    [InlineData("plain-key", "plain-key")]
    [InlineData("x{{inputs.parameters.empty}}y", "xy")]
    public void Substitute_replaces_every_known_tag(string text, string expected)
    {
        var result = TemplateSubstitution.Substitute(text, Values);

        Assert.Equal(expected, result.Text);
        Assert.True(result.IsComplete);
        Assert.Empty(result.UnresolvedTags);
        Assert.Empty(result.ExpressionTags);
    }

    [Fact]
    public void Substitute_leaves_unknown_tags_as_written_and_lists_them()
    {
        var result = TemplateSubstitution.Substitute("{{inputs.parameters.message}}-{{ inputs.parameters.nope }}-{{pod.name}}", Values);

        Assert.Equal("hello-{{ inputs.parameters.nope }}-{{pod.name}}", result.Text);
        Assert.Equal(["inputs.parameters.nope", "pod.name"], result.UnresolvedTags);
        Assert.False(result.IsComplete);
    }

    [Fact]
    public void Substitute_never_evaluates_expression_tags()
    {
        var result = TemplateSubstitution.Substitute("v-{{=sprig.trunc(8, inputs.parameters.sha)}}", Values);

        Assert.Equal("v-{{=sprig.trunc(8, inputs.parameters.sha)}}", result.Text);
        Assert.Equal(["{{=sprig.trunc(8, inputs.parameters.sha)}}"], result.ExpressionTags);
        Assert.Empty(result.UnresolvedTags);
        Assert.False(result.IsComplete);
    }

    [Fact]
    public void Substitute_does_not_substitute_again_inside_a_value() =>
        Assert.Equal("{{workflow.name}}", TemplateSubstitution.Substitute("{{inputs.parameters.tricky}}", Values).Text);
}
