namespace Memoize.Core.Workflows;

/// <summary>A node's <c>memoizationStatus</c>: whether its lookup hit, with the key and cache it used.</summary>
/// <param name="Hit">True when the outputs came from the cache.</param>
/// <param name="Key">The substituted memoization key.</param>
/// <param name="CacheName">The cache ConfigMap's name.</param>
public sealed record NodeMemoizationStatus(bool Hit, string Key, string CacheName);
