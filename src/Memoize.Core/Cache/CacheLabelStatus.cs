namespace Memoize.Core.Cache;

/// <summary>What a ConfigMap's <c>workflows.argoproj.io/configmap-type</c> label says.</summary>
public enum CacheLabelStatus
{
    /// <summary>The label is <c>Cache</c>: the ConfigMap may be used as a cache.</summary>
    Cache,

    /// <summary>The label is absent: Argo refuses the ConfigMap.</summary>
    Missing,

    /// <summary>The label has another value: Argo refuses the ConfigMap.</summary>
    OtherValue,
}
