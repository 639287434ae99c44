namespace Memoize.Core.Cache;

/// <summary>One entry the budget planner removes to make room.</summary>
/// <param name="Key">The data key.</param>
/// <param name="Bytes">The bytes it frees (UTF-8 length of its value).</param>
/// <param name="Reason">Why it was chosen.</param>
/// <param name="Message">A sentence for an Event or a log line.</param>
public sealed record CacheEviction(string Key, long Bytes, CacheEvictionReason Reason, string Message);
