using System.Runtime;

namespace Memoize.Bench.Growth;

/// <summary>The managed heap of this process, measured the same way before and after something is started.</summary>
public static class ManagedHeap
{
    /// <summary>Bytes on the managed heap after a full, blocking, compacting collection (finalizers run, then collected again).</summary>
    public static double Measure()
    {
        // The large object heap (list pages, their parse buffers) is only compacted when asked: freed pages would count.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
