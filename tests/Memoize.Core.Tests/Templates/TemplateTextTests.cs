using Memoize.Core.Templates;

namespace Memoize.Core.Tests.Templates;

public class TemplateTextTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "plain", ["Literal|plain|plain"] },
        { "{{inputs.parameters.x}}", ["Variable|{{inputs.parameters.x}}|inputs.parameters.x"] },
        { "a-{{ inputs.parameters.x }}-b", ["Literal|a-|a-", "Variable|{{ inputs.parameters.x }}|inputs.parameters.x", "Literal|-b|-b"] },
        { "{{a}}{{b}}", ["Variable|{{a}}|a", "Variable|{{b}}|b"] },
        { "{{=sprig.trunc(8, inputs.parameters.sha)}}", ["Expression|{{=sprig.trunc(8, inputs.parameters.sha)}}|sprig.trunc(8, inputs.parameters.sha)"] },
        { "{{ =x}}", ["Variable|{{ =x}}|=x"] },
        { "{{}}", ["Variable|{{}}|"] },
        { "a{{b", ["Literal|a{{b|a{{b"] },
        { "a}}b", ["Literal|a}}b|a}}b"] },
        { "{{a}}{{b", ["Variable|{{a}}|a", "Literal|{{b|{{b"] },
        { "{{{a}}}", ["Variable|{{{a}}|{a", "Literal|}|}"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_splits_text_and_tags_as_Argo_reads_them(string text, string[] expected) =>
        Assert.Equal(expected, TemplateText.Parse(text).Select(s => $"{s.Kind}|{s.Text}|{s.Name}"));

    [Fact]
    public void Parse_of_empty_text_has_no_segments() => Assert.Empty(TemplateText.Parse(""));

    [Theory]
    [InlineData("plain", false)]
    [InlineData("a{{b", false)]
    [InlineData("{{a}}", true)]
    [InlineData("x{{=1}}", true)]
    public void HasTags_tells_templated_text(string text, bool expected) => Assert.Equal(expected, TemplateText.HasTags(text));
}
