namespace Memoize.Reconciler.GarbageCollection;

/// <summary>What one garbage collection pass did.</summary>
/// <param name="ConfigMapsScanned">Cache ConfigMaps looked at.</param>
/// <param name="EntriesDeleted">Entries deleted.</param>
/// <param name="ConfigMapsDeleted">Empty ConfigMaps (created by the reconciler) deleted.</param>
/// <param name="MalformedEntries">Entries that could not be read: kept and reported.</param>
public sealed record GarbageCollectionReport(int ConfigMapsScanned, int EntriesDeleted, int ConfigMapsDeleted, int MalformedEntries);
