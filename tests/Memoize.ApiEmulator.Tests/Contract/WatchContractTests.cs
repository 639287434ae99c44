using k8s.Models;
using System.Text.RegularExpressions;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Xunit.Sdk;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Watches through the client: event order, and the 410 Expired answer to a compacted resourceVersion.</summary>
[Collection(ContractCollection.Name)]
[Trait("Category", "Contract")]
public sealed partial class WatchContractTests(ContractCluster cluster)
{
    private readonly ConfigMapClient configMaps = new(cluster.Client);

    [ContractFact]
    public async Task A_watch_from_the_list_resourceVersion_sees_ADDED_MODIFIED_DELETED_in_order()
    {
        var test = ContractCluster.UniqueName("watch");
        var list = await configMaps.ListPageAsync(cluster.Namespace, ContractObjects.Selector(test), null, null);

        var created = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-cache", test));
        var annotated = ContractObjects.Clone(created);
        annotated.SetAnnotation("note", "x");
        var updated = await configMaps.UpdateAsync(annotated);
        await configMaps.DeleteAsync(cluster.Namespace, updated.Name());

        var options = new WatchOptions { ResourceVersion = list.ResourceVersion, LabelSelector = ContractObjects.Selector(test), TimeoutSeconds = 60 };
        var events = await CollectUntilDeletedAsync(configMaps.WatchAsync(cluster.Namespace, options));

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(($"{test}-cache", "v1", "ConfigMap"),
            (e.Object.Name(), e.Object.ApiVersion, e.Object.Kind)));
        Assert.Equal(created.ResourceVersion(), events[0].Object.ResourceVersion());
        Assert.Equal(updated.ResourceVersion(), events[1].Object.ResourceVersion());
        Assert.True(Number(events[2].Object.ResourceVersion()) > Number(updated.ResourceVersion()));
        Assert.Equal("x", events[2].Object.GetAnnotation("note"));
    }

    [ContractFact]
    public async Task A_watch_from_a_compacted_resourceVersion_ends_with_a_410_Expired_error()
    {
        var name = ContractCluster.UniqueName("compacted");
        await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name));
        var compactedAt = 0L;
        if (cluster.Emulator is { } emulator)
        {
            compactedAt = emulator.ResourceVersion;
            emulator.Compact();
        }

        // Resource version 1 is long compacted on any real cluster that has run for a few minutes.
        var options = new WatchOptions { ResourceVersion = "1", LabelSelector = ContractObjects.Selector(name), TimeoutSeconds = 5 };
        var error = await Record.ExceptionAsync(() => Deadline.WaitAsync(
            DrainAsync(configMaps.WatchAsync(cluster.Namespace, options)), "the watch from resourceVersion 1 to end"));
        if (error is null && cluster.Emulator is null)
        {
            throw new ContractSkipException("this cluster still holds history back to resourceVersion 1 (not compacted yet), so no 410 can be provoked; run the suite again once the API server has compacted (every 5 minutes by default)");
        }

        if (error is not ExpiredException expired)
        {
            throw new XunitException($"expected the watch to end with a 410 Expired error, but it ended with: {error?.ToString() ?? "no error"}");
        }

        Assert.Equal(("Expired", 410), (expired.Reason, expired.Status.Code));
        Assert.Matches(TooOldResourceVersion(), expired.Message);
        Assert.Empty(expired.Status.Causes);
        if (cluster.Emulator is not null)
        {
            // The recording (tests/fixtures/api/watch-410-gone.jsonl): "too old resource version: 1 (206)".
            Assert.Equal($"too old resource version: 1 ({compactedAt})", expired.Message);
        }
    }

    /// <summary>Reads a watch until its DELETED event (bookmarks left out), within the deadline.</summary>
    internal static async Task<List<WatchEvent<T>>> CollectUntilDeletedAsync<T>(IAsyncEnumerable<WatchEvent<T>> watch)
    {
        var events = new List<WatchEvent<T>>();
        using var deadline = new CancellationTokenSource(Deadline.Limit);
        try
        {
            await foreach (var watchEvent in watch.WithCancellation(deadline.Token))
            {
                if (watchEvent.Type == WatchEventType.Bookmark)
                {
                    continue;
                }

                events.Add(watchEvent);
                if (watchEvent.Type == WatchEventType.Deleted)
                {
                    return events;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        throw new XunitException($"the watch ended or timed out before a DELETED event; it sent: {string.Join(", ", events.Select(e => e.Type))}");
    }

    private static async Task<int> DrainAsync<T>(IAsyncEnumerable<WatchEvent<T>> watch)
    {
        var count = 0;
        await foreach (var _ in watch)
        {
            count++;
        }

        return count;
    }

    private static long Number(string? resourceVersion) => long.Parse(resourceVersion!, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^too old resource version: 1 \(\d+\)$")]
    private static partial Regex TooOldResourceVersion();
}
