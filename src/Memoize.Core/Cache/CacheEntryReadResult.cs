namespace Memoize.Core.Cache;

/// <summary>The result of reading a cache entry: the entry, or Argo's malformed-entry error text.</summary>
/// <param name="Entry">The entry; null when the text is malformed.</param>
/// <param name="Error">Argo's text <c>malformed cache entry: could not unmarshal JSON; unable to parse: &lt;input&gt;</c>; null when readable.</param>
public sealed record CacheEntryReadResult(CacheEntry? Entry, string? Error)
{
    /// <summary>True when the text could not be read as an entry.</summary>
    public bool IsMalformed => Entry is null;
}
