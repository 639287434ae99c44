using System.Text.Json.Nodes;

namespace Memoize.Core.Cache;

/// <summary>The label that marks a ConfigMap as an Argo memoization cache, and Argo's check of it.</summary>
public static class CacheLabel
{
    /// <summary>The label key Argo uses to type its ConfigMaps.</summary>
    public const string Key = "workflows.argoproj.io/configmap-type";

    /// <summary>The value that marks a memoization cache.</summary>
    public const string CacheValue = "Cache";

    /// <summary>The value that marks Argo's parameter ConfigMaps (never touched here).</summary>
    public const string ParameterValue = "Parameter";

    /// <summary>The value that marks Argo's executor plugin ConfigMaps (never touched here).</summary>
    public const string ExecutorPluginValue = "ExecutorPlugin";

    /// <summary>Argo's exact error when the label is missing.</summary>
    public const string MissingMessage =
        "memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it";

    /// <summary>Argo's exact error when the label has another value.</summary>
    public const string OtherValueMessage =
        "memoization configmap doesn't have label workflows.argoproj.io/configmap-type = Cache, refusing to use it";

    /// <summary>Checks a ConfigMap's labels (null when it has none) as Argo does before every lookup and save.</summary>
    public static CacheLabelCheck Check(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue(Key, out var value))
        {
            return new CacheLabelCheck(CacheLabelStatus.Missing, null, MissingMessage);
        }

        return value == CacheValue
            ? new CacheLabelCheck(CacheLabelStatus.Cache, value, null)
            : new CacheLabelCheck(CacheLabelStatus.OtherValue, value, OtherValueMessage);
    }

    /// <summary>Checks the <c>metadata.labels</c> of a ConfigMap given as JSON.</summary>
    public static CacheLabelCheck Check(JsonObject configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        if (configMap["metadata"] is not JsonObject metadata || metadata["labels"] is not JsonObject labels
            || labels[Key] is not JsonValue value
            || !value.TryGetValue<string>(out var text))
        {
            return Check((IReadOnlyDictionary<string, string>?)null);
        }

        return Check(new Dictionary<string, string> { [Key] = text });
    }
}
