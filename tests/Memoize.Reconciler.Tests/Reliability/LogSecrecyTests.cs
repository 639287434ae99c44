using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// The reconciler's logs, at every level, carry names (workflows, nodes, caches) but never its bearer token,
/// certificate data, memoize keys or what the objects hold (outputs, cache entries): logs go where more people read
/// them than can read the objects. A whole run: stores through faults, hits, a too-large entry, a malformed entry.
/// </summary>
public sealed class LogSecrecyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string BigOutput = "PLANTEDBIGOUTPUT" + new string('y', 5000);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_run_with_stores_hits_faults_a_too_large_and_a_malformed_entry_logs_no_token_certificate_key_or_content()
    {
        var logs = new CapturedLogLines();
        var host = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("logs") with { SizeBudgetBytes = 4096 }, captureLogs: logs);
        var faults = _cluster.Emulator.Faults;

        // stores through 500s, conflicts and dropped watches
        var run = new MemoizedRun("planted", 6, Caches: 2);
        faults.FailNext(2, 500, verb: "create", resource: "configmaps");
        faults.ConflictEveryFirstWrite("configmaps");
        await run.CreateAsync(_cluster, 0, 3);
        faults.DropWatches(resetConnections: true);
        await run.CreateAsync(_cluster, 3, 6);
        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
        faults.Clear();

        // hits replaying those outputs
        for (var i = 0; i < 3; i++)
        {
            await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod($"planted-hit-{i}", $"planted-key-{i}", memoize: TestWorkflows.Memoize(run.CacheOf(i), maxAge: "1h")));
            Assert.True((await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, $"planted-hit-{i}", $"planted-hit-{i}"))["memoizationStatus"]!["hit"]!.GetValue<bool>());
        }

        // an entry larger than the budget, and a malformed entry looked up
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("planted-big", "planted-key-big", phase: "Succeeded",
            memoizationStatus: TestWorkflows.Status(false, "planted-key-big", "planted-big-cache"), outputs: TestWorkflows.Outputs(BigOutput),
            memoize: TestWorkflows.Memoize("planted-big-cache", maxAge: "1h")));
        await _cluster.EventAsync(TestWorkflows.Namespace, "planted-big", "MemoizeEntryTooLarge");
        await _cluster.CreateCacheAsync(host, "planted-broken-cache", new Dictionary<string, string> { ["planted-key-broken"] = "{\"nodeID\": PLANTEDMALFORMEDENTRY" });
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("planted-broken", "planted-key-broken", memoize: TestWorkflows.Memoize("planted-broken-cache", maxAge: null)));
        await _cluster.EventAsync(TestWorkflows.Namespace, "planted-broken", "MemoizeMalformedEntry");
        await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "planted-broken", "planted-broken");

        var forbidden = new Dictionary<string, string>
        {
            ["the reconciler's bearer token"] = _cluster.ReconcilerUser.Token,
            ["the too-large output"] = "PLANTEDBIGOUTPUT",
            ["the malformed entry"] = "PLANTEDMALFORMEDENTRY",
            ["a memoize key"] = "planted-key-",
            ["an output value"] = "planted-value-",
            ["a PEM header"] = "-----BEGIN",
        };
        foreach (var line in _cluster.Emulator.CaCertificatePem.Split('\n').Where(l => l.Length >= 32 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            forbidden[$"the API server's CA certificate ({line[..8]}...)"] = line.Trim();
        }
        var caData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_cluster.Emulator.CaCertificatePem));
        forbidden["the kubeconfig's certificate-authority-data"] = caData[..40];

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Text.Contains("planted-hit-0", StringComparison.Ordinal)); // names are logged: the search is not empty
        Assert.Contains(lines, l => l.Text.Contains("MemoizeMalformedEntry", StringComparison.Ordinal));
        var leaks = (from l in lines
                     from secret in forbidden
                     where l.Text.Contains(secret.Value, StringComparison.Ordinal)
                     select $"{secret.Key} in a {l.Level} line of {l.Category}: {Shorten(l.Text)}").Distinct().ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines leak:\n" + string.Join('\n', leaks));
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "..." : text;
}
