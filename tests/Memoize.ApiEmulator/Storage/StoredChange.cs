namespace Memoize.ApiEmulator.Storage;

/// <summary>One write in the store's history, as watches see it.</summary>
/// <param name="ResourceVersion">The revision the write produced.</param>
/// <param name="EventType">ADDED, MODIFIED or DELETED.</param>
/// <param name="Current">The object after the write (for DELETED: the last state, at the deletion revision).</param>
/// <param name="Previous">The object before the write; null for ADDED.</param>
internal sealed record StoredChange(long ResourceVersion, string EventType, StoredObject Current, StoredObject? Previous);
