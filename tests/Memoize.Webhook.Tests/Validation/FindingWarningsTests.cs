using Memoize.Core.Rules;
using Memoize.Webhook.Validation;

namespace Memoize.Webhook.Tests.Validation;

public sealed class FindingWarningsTests
{
    [Theory]
    [InlineData("spec.templates[2].memoize.maxAge", "spec.templates[2].memoize.maxAge: Invalid value: \"0s\": a zero or negative maxAge makes every lookup miss", "build", "build: memoize.maxAge: Invalid value: \"0s\": a zero or negative maxAge makes every lookup miss")]
    [InlineData("spec.workflowSpec.templateDefaults.memoize.key", "spec.workflowSpec.templateDefaults.memoize.key: Invalid value: \"{{=x}}\": expression tags are evaluated only at run time", null, "templateDefaults: memoize.key: Invalid value: \"{{=x}}\": expression tags are evaluated only at run time")]
    [InlineData("spec.templates[0].memoize.key", "something else entirely", "main", "main: something else entirely")]
    public void A_warning_is_the_template_name_and_the_message_with_a_short_path(string path, string message, string? template, string expected)
    {
        Assert.Equal(expected, FindingWarnings.Format(new Finding(path, Severity.Warning, message, template)));
    }

    [Fact]
    public void Warnings_beyond_the_budget_are_summarized_in_one_line()
    {
        var many = Enumerable.Range(0, 100).Select(i => $"t{i}: " + new string('x', 100)).ToList();
        var kept = FindingWarnings.Fit(many);
        Assert.True(kept.Sum(w => w.Length) < 4096);
        Assert.Equal(many.Take(kept.Count - 1), kept.Take(kept.Count - 1));
        Assert.Equal($"memoize: {100 - (kept.Count - 1)} more warnings not shown; run `memoize lint` on the object to see all of them", kept[^1]);
    }
}
