namespace Memoize.Core.Workflows;

/// <summary>What the reconciler should do about one memoized node.</summary>
public enum MemoizationDecisionKind
{
    /// <summary>Look the key up and mark the node hit (replaying outputs) or miss.</summary>
    Lookup,

    /// <summary>Save the node's outputs under its key.</summary>
    Store,

    /// <summary>The key, cache name or maxAge is invalid after substitution: Argo would fail the node; report it.</summary>
    Invalid,

    /// <summary>The decision cannot be made from what is known (template not found, expression tags): report it, change nothing.</summary>
    Unresolved,
}
