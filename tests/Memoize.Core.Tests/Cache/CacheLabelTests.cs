using Memoize.Core.Cache;

namespace Memoize.Core.Tests.Cache;

public class CacheLabelTests
{
    public static TheoryData<Dictionary<string, string>?, CacheLabelStatus, string?> Labels => new()
    {
        { new() { ["workflows.argoproj.io/configmap-type"] = "Cache" }, CacheLabelStatus.Cache, null },
        { new() { ["workflows.argoproj.io/configmap-type"] = "Cache", ["team"] = "a" }, CacheLabelStatus.Cache, null },
        { null, CacheLabelStatus.Missing, "memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it" },
        { new() { ["team"] = "a" }, CacheLabelStatus.Missing, "memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it" },
        { new() { ["workflows.argoproj.io/configmap-type"] = "cache" }, CacheLabelStatus.OtherValue, "memoization configmap doesn't have label workflows.argoproj.io/configmap-type = Cache, refusing to use it" },
        { new() { ["workflows.argoproj.io/configmap-type"] = "Parameter" }, CacheLabelStatus.OtherValue, "memoization configmap doesn't have label workflows.argoproj.io/configmap-type = Cache, refusing to use it" },
    };

    [Theory]
    [MemberData(nameof(Labels))]
    public void Check_gives_Argos_verdict_and_exact_text(Dictionary<string, string>? labels, CacheLabelStatus status, string? message)
    {
        var check = CacheLabel.Check(labels);

        Assert.Equal(status, check.Status);
        Assert.Equal(message, check.Message);
        Assert.Equal(status == CacheLabelStatus.Cache, check.IsCache);
    }

    [Theory]
    [InlineData("Parameter", true)]
    [InlineData("ExecutorPlugin", true)]
    [InlineData("Cache", false)]
    [InlineData("Other", false)]
    public void Parameter_and_executor_plugin_configmaps_are_recognised_as_never_to_touch(string value, bool other)
    {
        var check = CacheLabel.Check(new Dictionary<string, string> { [CacheLabel.Key] = value });

        Assert.Equal(other, check.IsOtherArgoConfigMap);
    }

    [Theory]
    [InlineData("api/get-configmap.json", CacheLabelStatus.Cache)]
    [InlineData("admission/configmap-create-cache-unlabelled.json", CacheLabelStatus.Missing)]
    [InlineData("admission/configmap-create-plain.json", CacheLabelStatus.Missing)]
    public void Check_reads_the_labels_of_recorded_configmaps(string fixture, CacheLabelStatus status)
    {
        Assert.Equal(status, CacheLabel.Check(RecordedConfigMaps.Load(fixture)).Status);
    }
}
