namespace Memoize.Core.Objects;

/// <summary>The cache a memoize block names, with the template that carries it: all the webhook's hints read of a block.</summary>
/// <param name="TemplateName">The template's name; null for templateDefaults or a template without a name.</param>
/// <param name="CacheName">memoize.cache.configMap.name as written, or null when absent or not a string.</param>
public sealed record MemoizeCacheReference(string? TemplateName, string? CacheName);
