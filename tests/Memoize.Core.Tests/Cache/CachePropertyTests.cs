using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Core.Tests.Cache;

public class CachePropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    // Characters that exercise every escaping rule: HTML, controls, separators, quotes, non-ASCII, a surrogate pair.
    private static readonly string[] Fragments = ["a", "Z", "0", "-", "<", ">", "&", "'", "\"", "\\", "/", "\n", "\u0001", "\u007f", "\u2028", "\u2029", "é", "世", "😀", " "];

    private static Gen<string> Text() =>
        Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts));

    private static Gen<DateTimeOffset?> Time() =>
        Gen.Frequency<DateTimeOffset?>(
            (1, Gen.Constant<DateTimeOffset?>(null)),
            (5, Gen.Choose(-400_000, 400_000).Select(seconds => (DateTimeOffset?)Now.AddSeconds(seconds).AddTicks(seconds % 7 * 1_234_567))));

    private static Gen<JsonNode?> Outputs()
    {
        var present =
            from name in Text()
            from value in Text()
            from number in Gen.Choose(-5, 500)
            select (JsonNode?)new JsonObject
            {
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = name, ["value"] = value }),
                ["zExtra"] = new JsonObject { ["n"] = number, ["flag"] = number % 2 == 0, ["none"] = null },
                ["exitCode"] = "0",
            };
        return Gen.Frequency<JsonNode?>((1, Gen.Constant<JsonNode?>(null)), (4, present));
    }

    private static Gen<CacheEntry> Entries() =>
        from nodeId in Text()
        from outputs in Outputs()
        from created in Time()
        from lastHit in Time()
        select new CacheEntry(nodeId, outputs, created, lastHit);

    [Fact]
    public void Writing_then_reading_round_trips_any_entry()
    {
        var property = Prop.ForAll(Entries().ToArbitrary(), entry =>
        {
            var written = CacheEntryCodec.Write(entry);
            var read = CacheEntryCodec.Read(written);
            return read.Entry is { } back
                && back.NodeId == entry.NodeId
                && back.CreationTimestamp == WholeSecond(entry.CreationTimestamp)
                && back.LastHitTimestamp == WholeSecond(entry.LastHitTimestamp)
                && CacheEntryCodec.Write(back) == written;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    private static DateTimeOffset? WholeSecond(DateTimeOffset? time) =>
        time is { } t ? new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) : null;

    private static readonly string[] Keys = ["k1", "k2", "k3", "k4", "K5"];

    private static Gen<string> StoredValue() =>
        Gen.Frequency<string>(
            (6, Entries().Select(CacheEntryCodec.Write)),
            (1, Gen.Constant("")),
            (1, Gen.Elements("{broken", "[]", new string('x', 120))));

    private static Gen<GoDuration?> MaxAge() =>
        Gen.Elements<GoDuration?>(null, new GoDuration(0), new GoDuration(60_000_000_000), new GoDuration(86_400_000_000_000));

    private static Gen<CacheOperation> Operation(Gen<string> key) =>
        Gen.Frequency<CacheOperation>(
            (4, from k in key from e in Entries() from m in MaxAge() select (CacheOperation)new StoreOperation(k, e, m)),
            (3, from k in key from t in Time() select (CacheOperation)new TouchLastHitOperation(k, t ?? Now)),
            (1, from k in key select (CacheOperation)new RemoveOperation(k)),
            (1, from k in key from v in StoredValue() select (CacheOperation)new RemoveOperation(k, v)));

    private sealed record Batch(Dictionary<string, string>? Data, List<CacheOperation> Operations, long Budget, long BinaryBytes);

    private static Gen<Batch> Batches()
    {
        var key = Gen.Elements(Keys.Append("bad.key").ToArray());
        var data = Gen.ListOf(Gen.Zip(Gen.Elements(Keys), StoredValue()))
            .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2));
        return from current in Gen.Frequency((1, Gen.Constant<Dictionary<string, string>?>(null)), (6, data.Select(d => (Dictionary<string, string>?)d)))
               from operations in Gen.ListOf(Operation(key))
               from budget in Gen.Choose(150, 1500)
               from binary in Gen.Elements(0, 0, 40)
               select new Batch(current, operations.ToList(), budget, binary);
    }

    [Fact]
    public void Applying_a_write_plan_twice_equals_applying_it_once()
    {
        var property = Prop.ForAll(Batches().ToArbitrary(), batch =>
        {
            var budget = new CacheBudget(batch.Budget);
            var once = CacheWritePlan.Compute(batch.Data, batch.Operations, Now, budget, binaryDataBytes: batch.BinaryBytes);
            var twice = CacheWritePlan.Compute(once.Data, batch.Operations, Now, budget, binaryDataBytes: batch.BinaryBytes);
            return !twice.Changed && once.Data.SequenceEqual(twice.Data);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void A_write_plan_never_exceeds_its_budget_unless_unevictable_entries_alone_do()
    {
        var property = Prop.ForAll(Batches().ToArbitrary(), batch =>
        {
            var result = CacheWritePlan.Compute(batch.Data, batch.Operations, Now, new CacheBudget(batch.Budget), binaryDataBytes: batch.BinaryBytes);
            var size = batch.BinaryBytes + CacheBudget.SizeOf(result.Data);
            return result.SizeBytes == size && (result.WithinBudget == (size <= batch.Budget));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }
}
