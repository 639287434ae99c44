using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// A deleted cache ConfigMap leaves nothing behind in the reconciler: the soak deletes three per batch, and the
/// store's writer with its last written copy of each one used to stay in memory for good (21 MiB of heap in a
/// 2-minute soak of 1,021 batches).
/// </summary>
public sealed class DeletedCacheTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_store_forgets_deleted_cache_configmaps_and_a_later_store_creates_them_again()
    {
        var host = await _cluster.StartReconcilerAsync();
        var run = new MemoizedRun("gone", 6, Caches: 3);
        await run.CreateAsync(_cluster);
        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
        Assert.Equal(3, host.CacheStore.TrackedConfigMaps);

        foreach (var workflow in await _cluster.Workflows.ListAsync(TestWorkflows.Namespace))
        {
            await _cluster.Workflows.DeleteAsync(TestWorkflows.Namespace, workflow["metadata"]!["name"]!.GetValue<string>());
        }
        foreach (var cache in run.Expected.Keys)
        {
            await _cluster.ConfigMaps.DeleteAsync(TestCluster.ControllerNamespace, cache);
        }
        await TestCluster.Eventually(() => host.CacheStore.TrackedConfigMaps == 0, "the store to forget the three deleted cache ConfigMaps");

        _cluster.Emulator.Writes.Clear();
        await run.CreateAsync(_cluster); // the same names again
        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
    }
}
