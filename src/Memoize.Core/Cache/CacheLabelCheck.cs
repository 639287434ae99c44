namespace Memoize.Core.Cache;

/// <summary>The verdict on a ConfigMap's cache label.</summary>
/// <param name="Status">Cache, missing or another value.</param>
/// <param name="Value">The label's value when present.</param>
/// <param name="Message">Argo's exact refusal text; null when the ConfigMap is a cache.</param>
public sealed record CacheLabelCheck(CacheLabelStatus Status, string? Value, string? Message)
{
    /// <summary>True when the ConfigMap may be read and written as a cache.</summary>
    public bool IsCache => Status == CacheLabelStatus.Cache;

    /// <summary>True when the label marks another kind of Argo ConfigMap (Parameter, ExecutorPlugin), which must never be touched.</summary>
    public bool IsOtherArgoConfigMap => Value is CacheLabel.ParameterValue or CacheLabel.ExecutorPluginValue;
}
