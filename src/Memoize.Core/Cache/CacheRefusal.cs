namespace Memoize.Core.Cache;

/// <summary>One write that was not made.</summary>
/// <param name="Key">The data key.</param>
/// <param name="Bytes">The size of the refused value in bytes.</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Message">A sentence for an Event: what happened and what to do.</param>
public sealed record CacheRefusal(string Key, long Bytes, CacheRefusalReason Reason, string Message);
