namespace Memoize.Core.Cache;

/// <summary>The three answers a cache lookup can give.</summary>
public enum CacheLookupOutcome
{
    /// <summary>The cached outputs may be replayed.</summary>
    Hit,

    /// <summary>The node must run; see <see cref="CacheMissReason"/>.</summary>
    Miss,

    /// <summary>The entry cannot be read; Argo fails the node with the malformed-entry error.</summary>
    Malformed,
}
