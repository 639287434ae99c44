namespace Memoize.Cli.Tests.Support;

/// <summary>Known cache entries with known sizes and ages, read at <see cref="Now"/>.</summary>
public static class SeededCaches
{
    /// <summary>The time every cache test runs at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Saved 3 hours ago, hit 5 minutes ago (187 bytes).</summary>
    public const string HelloWorld =
        """{"nodeID":"whalesay-abc12","outputs":{"parameters":[{"name":"hello","value":"world"}],"exitCode":"0"},"creationTimestamp":"2026-01-10T09:00:00Z","lastHitTimestamp":"2026-01-10T11:55:00Z"}""";

    /// <summary>Saved 9 days and 12 hours ago and never hit since (lastHitTimestamp is its save time, as Argo writes it; 127 bytes).</summary>
    public const string OldEntry =
        """{"nodeID":"whalesay-old99","outputs":null,"creationTimestamp":"2026-01-01T00:00:00Z","lastHitTimestamp":"2026-01-01T00:00:00Z"}""";

    /// <summary>Text Argo cannot read (8 bytes).</summary>
    public const string Malformed = "not json";

    /// <summary>Saved a day ago, with no lastHitTimestamp at all (103 bytes).</summary>
    public const string NeverHit =
        """{"nodeID":"build-x1","outputs":null,"creationTimestamp":"2026-01-09T12:00:00Z","lastHitTimestamp":null}""";

    /// <summary>The whalesay cache: hello-world, old-entry and a malformed entry "broken".</summary>
    public static Dictionary<string, string> Whalesay() => new()
    {
        ["hello-world"] = HelloWorld,
        ["old-entry"] = OldEntry,
        ["broken"] = Malformed,
    };

    /// <summary>
    /// The caches the listing commands read: whalesay-cache in argo, build-cache in ci, and a plain unlabelled
    /// ConfigMap in argo that holds a cache-shaped entry but must never be listed.
    /// </summary>
    public static async Task SeedListingCachesAsync(EmulatedCluster cluster)
    {
        await cluster.CreateCacheAsync("argo", "whalesay-cache", Whalesay());
        await cluster.CreateCacheAsync("ci", "build-cache", new Dictionary<string, string> { ["build-1"] = NeverHit });
        await cluster.CreateConfigMapAsync("argo", "plain", null, new Dictionary<string, string> { ["k"] = HelloWorld });
    }
}
