namespace Memoize.Core.Cache;

/// <summary>One entry the garbage collector deletes.</summary>
/// <param name="Key">The data key.</param>
/// <param name="Reason">Why it is garbage.</param>
/// <param name="Message">A sentence for a log line or an Event.</param>
public sealed record CacheGarbage(string Key, CacheGarbageReason Reason, string Message);
