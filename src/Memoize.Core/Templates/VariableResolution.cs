namespace Memoize.Core.Templates;

/// <summary>How one variable name resolves in a memoize block's scope.</summary>
/// <param name="Name">The variable name, e.g. <c>inputs.parameters.message</c>.</param>
/// <param name="Status">Whether Argo resolves it, and whether its value is known now.</param>
/// <param name="Value">The value when <paramref name="Status"/> is <see cref="VariableStatus.Known"/>; otherwise null.</param>
public sealed record VariableResolution(string Name, VariableStatus Status, string? Value)
{
    /// <summary>True when Argo substitutes the variable at run time (known or not).</summary>
    public bool IsResolvable => Status is VariableStatus.Known or VariableStatus.Unknown;
}
