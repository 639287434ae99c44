using Memoize.ApiEmulator.Audit;
using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// Two replicas racing for the Lease while workflows flow: the emulator's write record, in resourceVersion order, is
/// the ordering log of who held the Lease and who wrote which cache ConfigMap; no replica ever wrote a cache outside
/// its own tenure.
/// </summary>
public sealed class LeaseOrderingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_replicas_racing_for_the_lease_never_write_caches_during_each_others_tenure()
    {
        var users = new Dictionary<string, string>();
        var replicas = new List<Memoize.Reconciler.Hosting.ReconcilerHost>();
        foreach (var identity in new[] { "replica-a", "replica-b" })
        {
            var user = _cluster.Emulator.AddUser($"system:serviceaccount:argo:{identity}", "system:masters");
            users[user.Username] = identity;
            replicas.Add(await _cluster.StartReconcilerAsync(TestCluster.TestOptions(identity) with { Workers = 4 }, connection: _cluster.ConnectionAs(user),
                waitForLeadership: false));
        }
        await TestCluster.Eventually(() => replicas.Count(r => r.IsLeader) == 1, "one replica to lead");

        // three handovers in the middle of batches: the leader stops (releases), the other takes over, then it comes back
        var runs = new List<MemoizedRun>();
        for (var round = 0; round < 3; round++)
        {
            var run = new MemoizedRun($"o{round}", 16);
            runs.Add(run);
            _cluster.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(20);
            await run.CreateAsync(_cluster);
            var leader = replicas.Single(r => r.IsLeader);
            await TestCluster.Eventually(() => _cluster.Emulator.Writes.Writes.Any(w => w.Resource == "configmaps" && w.Name.StartsWith(run.Prefix, StringComparison.Ordinal)),
                $"the first cache write of round {round}");
            await leader.StopAsync();
            _cluster.Emulator.Faults.Latency = TimeSpan.Zero;
            var identity = $"replica-{round}";
            var user = _cluster.Emulator.AddUser($"system:serviceaccount:argo:{identity}", "system:masters");
            users[user.Username] = identity;
            var restarted = await _cluster.StartReconcilerAsync(TestCluster.TestOptions(identity) with { Workers = 4 }, connection: _cluster.ConnectionAs(user),
                waitForLeadership: false);
            replicas[replicas.IndexOf(leader)] = restarted;
            foreach (var (cache, entries) in run.Expected)
            {
                foreach (var key in entries.Keys)
                {
                    await _cluster.EntryAsync(cache, key);
                }
            }
        }

        var log = new List<string>();
        string? holder = null;
        var violations = new List<string>();
        foreach (var write in _cluster.Emulator.Writes.Writes.Where(w => users.ContainsKey(w.User)))
        {
            var replica = users[write.User];
            if (write.Resource == "leases")
            {
                holder = write.Object["spec"]?["holderIdentity"]?.GetValue<string>();
                log.Add($"{write} -> holder {holder ?? "(released)"}");
            }
            else if (write.Resource == "configmaps")
            {
                log.Add($"{write} ({replica})");
                if (holder != replica)
                {
                    violations.Add($"{write}: written by {replica} while the Lease was held by {holder ?? "nobody"}");
                }
            }
        }
        output.WriteLine(string.Join('\n', log));
        Assert.True(violations.Count == 0, "two leaders wrote caches during overlapping tenure:\n" + string.Join('\n', violations));
        var writers = _cluster.Emulator.Writes.Writes.Where(w => w.Resource == "configmaps" && users.ContainsKey(w.User)).Select(w => users[w.User]).Distinct().Count();
        Assert.True(writers >= 3, $"only {writers} replicas ever led and wrote caches: the handovers did not happen");
        foreach (var run in runs)
        {
            await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
        }
    }
}
