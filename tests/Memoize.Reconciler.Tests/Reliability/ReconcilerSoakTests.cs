using System.Diagnostics;
using System.Globalization;
using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// <c>make soak</c>: batches of memoized workflows through the reconciler for <c>SOAK_MINUTES</c> (stores, then hits
/// on the stored keys), with a fault every few batches; every entry is checked, then the batch is deleted so the
/// cluster stays the same size and memory should stay flat. Figures go to <c>SOAK_REPORT</c> (a file) and the output.
/// </summary>
public sealed class ReconcilerSoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BatchSize = 20;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(new QuietOutput());

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [SoakFact]
    public async Task Memoized_workflows_for_minutes_lose_no_entry_and_memory_stays_flat()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("SOAK_MINUTES")!, CultureInfo.InvariantCulture);
        var host = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("soak") with { Workers = 4 });
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(minutes);
        var clock = Stopwatch.StartNew();
        long startBytes = 0, startWorkingSet = 0;
        int batches = 0, stored = 0, hits = 0;
        while (DateTime.UtcNow < until)
        {
            var run = new MemoizedRun($"s{batches}", BatchSize, Caches: 3);
            var faults = _cluster.Emulator.Faults;
            switch (batches % 6)
            {
                case 1: faults.FailNext(3, 500, resource: "configmaps"); break;
                case 2: faults.FailNext(2, 503, verb: "update"); break;
                case 3: faults.ConflictEveryFirstWrite("configmaps"); break;
                case 4: _cluster.Emulator.Faults.DropWatches(resetConnections: true); break;
                case 5: _cluster.Emulator.Compact(); break;
            }
            await run.CreateAsync(_cluster);
            await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected); // also: the reconciler wrote nothing else so far
            faults.Clear();
            stored += BatchSize;

            // the same keys again, in new workflows: each is a hit that replays the stored outputs
            for (var i = 0; i < BatchSize / 2; i++)
            {
                await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod($"{run.Prefix}-hit-{i}", $"{run.Prefix}-key-{i}",
                    memoize: TestWorkflows.Memoize(run.CacheOf(i), maxAge: "1h")));
            }
            for (var i = 0; i < BatchSize / 2; i++)
            {
                var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, $"{run.Prefix}-hit-{i}", $"{run.Prefix}-hit-{i}");
                Assert.True(node["memoizationStatus"]!["hit"]!.GetValue<bool>(), $"{run.Prefix}-hit-{i} missed");
                Assert.Equal($"{run.Prefix}-value-{i}", node["outputs"]!["parameters"]![0]!["value"]!.GetValue<string>());
                hits++;
            }

            foreach (var workflow in await _cluster.Workflows.ListAsync(TestWorkflows.Namespace))
            {
                await _cluster.Workflows.DeleteAsync(TestWorkflows.Namespace, workflow["metadata"]!["name"]!.GetValue<string>());
            }
            foreach (var cache in run.Expected.Keys)
            {
                await _cluster.ConfigMaps.DeleteAsync(TestCluster.ControllerNamespace, cache);
            }
            _cluster.Emulator.Writes.Clear();
            batches++;
            if (batches == 3)
            {
                (startBytes, startWorkingSet) = Memory(); // after warm-up
            }
        }
        var (endBytes, endWorkingSet) = Memory();

        var report = string.Create(CultureInfo.InvariantCulture,
            $"reconciler soak: {clock.Elapsed.TotalMinutes:0.0} min, {batches} batches, {stored} entries stored and checked, {hits} hits replayed, " +
            $"{host.Metrics.ReconcileErrors.Value} reconcile errors retried, {host.Metrics.ConflictsRetried.Value} conflicts retried; " +
            $"metrics: {host.Metrics.Stores.Value} stores, {host.Metrics.Hits.Value} hits, {host.Metrics.Misses.Value} misses, {host.Metrics.LookupReads.Value} misses confirmed by a read, " +
            $"{host.CacheStore.TrackedConfigMaps} cache ConfigMaps still tracked after deleting them all; " +
            $"managed heap after full GC {startBytes / 1048576.0:0.0} MiB (after batch 3) -> {endBytes / 1048576.0:0.0} MiB, " +
            $"working set {startWorkingSet / 1048576.0:0} MiB -> {endWorkingSet / 1048576.0:0} MiB (test process: emulator + reconciler)");
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SOAK_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report + "\n");
        }
        Assert.True(batches >= 3, "the soak ran too short to compare memory");
        Assert.True(endBytes < startBytes * 2 + 32 * 1048576, $"the managed heap grew from {startBytes} to {endBytes} bytes");
    }

    private static (long Bytes, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    // Hours of reconciler logs kept by xunit's output would be a leak of the test itself.
    private sealed class QuietOutput : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
        }

        public void WriteLine(string format, params object[] args)
        {
        }
    }
}
