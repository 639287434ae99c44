namespace Memoize.Core.Cache;

/// <summary>Delete an entry; when <paramref name="ExpectedValue"/> is given, only if the key still holds exactly that value.</summary>
/// <param name="Key">The data key.</param>
/// <param name="ExpectedValue">The value the planner saw; a different value means someone wrote since, and the entry is kept.</param>
public sealed record RemoveOperation(string Key, string? ExpectedValue = null) : CacheOperation(Key);
