namespace Memoize.Core.Cache;

/// <summary>One pending change to a cache ConfigMap's data, queued by the reconciler and applied in a batch.</summary>
/// <param name="Key">The data key it changes.</param>
public abstract record CacheOperation(string Key);
