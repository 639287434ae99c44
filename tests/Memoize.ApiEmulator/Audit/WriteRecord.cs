using Memoize.ApiEmulator.Registry;
using Memoize.ApiEmulator.Storage;

namespace Memoize.ApiEmulator.Audit;

/// <summary>
/// Every create, update, patch and delete the emulator stored (dry runs excluded), with who sent it: the record a
/// test reads to prove what a client wrote, and in what order. Reads are snapshots in resourceVersion order.
/// </summary>
public sealed class WriteRecord
{
    private readonly Lock gate = new();
    private readonly List<RecordedWrite> writes = [];
    private readonly TimeProvider clock;

    internal WriteRecord(TimeProvider clock)
    {
        this.clock = clock;
    }

    /// <summary>Every write so far, in resourceVersion order (the order the store applied them).</summary>
    public IReadOnlyList<RecordedWrite> Writes
    {
        get
        {
            lock (gate)
            {
                return [.. writes.OrderBy(w => w.ResourceVersion)];
            }
        }
    }

    /// <summary>How many writes were recorded.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return writes.Count;
            }
        }
    }

    /// <summary>Forgets what was recorded so far (e.g. after a test's own setup).</summary>
    public void Clear()
    {
        lock (gate)
        {
            writes.Clear();
        }
    }

    /// <summary>Records that <paramref name="stored"/> was written with <paramref name="verb"/> by the request's user.</summary>
    internal void Add(string verb, RequestContext context, StoredObject stored)
    {
        var write = new RecordedWrite(verb, stored.Type.Group, stored.Type.Plural, stored.Namespace, stored.Name, stored.ResourceVersion,
            clock.GetUtcNow(), context.User.Username, context.UserAgent, stored.Json);
        lock (gate)
        {
            writes.Add(write);
        }
    }
}
