using k8s.Models;
using System.Text.Json;
using System.Text.RegularExpressions;
using Memoize.ApiEmulator.Audit;
using Memoize.Core.Cache;
using Memoize.Reconciler.Tests.Support;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// What must hold after any fault: every Succeeded node's entry is in its cache in Argo's exact format, no entry is
/// duplicated or corrupted, and the reconciler wrote nothing but Cache-labelled ConfigMaps, its Lease and Events
/// (plus, where lookups ran, Workflows).
/// </summary>
public static partial class CacheAudit
{
    /// <summary>The resources a reconciler may write besides cache ConfigMaps.</summary>
    private static readonly string[] AlsoAllowed = ["leases", "events"];

    /// <summary>Waits until every expected entry is there, then checks every rule; fails with what is wrong.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="expected">Per cache ConfigMap (in the controller namespace): key to the node ID that must hold it, and the output value stored.</param>
    /// <param name="workflowWritesAllowed">True when lookups ran, so the reconciler also updated Workflows.</param>
    public static async Task AssertAllStoredAsync(TestCluster cluster, IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string NodeId, string Value)>> expected,
        bool workflowWritesAllowed = false)
    {
        await TestCluster.Eventually(async () =>
        {
            foreach (var (cache, entries) in expected)
            {
                var configMap = await cluster.ConfigMaps.TryGetAsync(TestCluster.ControllerNamespace, cache);
                if (configMap is null || entries.Keys.Any(k => !configMap.Data.ContainsKey(k)))
                {
                    return false;
                }
            }
            return true;
        }, $"every one of {expected.Sum(c => c.Value.Count)} entries to be stored", TimeSpan.FromSeconds(30));

        foreach (var (cache, entries) in expected)
        {
            var configMap = await cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, cache);
            Assert.Equal("Cache", configMap.Metadata.Labels["workflows.argoproj.io/configmap-type"]);
            Assert.Equal(entries.Keys.Order(StringComparer.Ordinal), configMap.Data.Keys.Order(StringComparer.Ordinal)); // nothing extra, nothing lost
            foreach (var (key, (nodeId, value)) in entries)
            {
                var entry = configMap.Data[key];
                Assert.Matches(ArgoEntry(nodeId, value), entry);
                var read = CacheEntryCodec.Read(entry);
                Assert.True(read.Entry is not null, $"entry {key} does not read back: {entry}");
                Assert.Equal(nodeId, read.Entry!.NodeId);
            }
            var nodeIds = configMap.Data.Values.Select(v => JsonDocument.Parse(v).RootElement.GetProperty("nodeID").GetString()).ToList();
            Assert.Equal(nodeIds.Count, nodeIds.Distinct(StringComparer.Ordinal).Count()); // no node stored under two keys
        }

        AssertWroteOnlyWhatItMay(cluster, workflowWritesAllowed);
    }

    /// <summary>The reconcilers' writes (every user but the test's own admin) touched only Cache-labelled ConfigMaps, Leases and Events (and Workflows when allowed).</summary>
    public static void AssertWroteOnlyWhatItMay(TestCluster cluster, bool workflowWritesAllowed)
    {
        var writes = cluster.Emulator.Writes.Writes.Where(w => w.User != cluster.Emulator.Admin.Username).ToList();
        Assert.NotEmpty(writes);
        var outside = writes.Where(w => !IsAllowed(w, workflowWritesAllowed)).Select(w => w.ToString()).ToList();
        Assert.True(outside.Count == 0, "the reconciler wrote outside cache ConfigMaps, its Lease and Events:\n" + string.Join('\n', outside));
    }

    private static bool IsAllowed(RecordedWrite write, bool workflowWritesAllowed) => write.Resource switch
    {
        "configmaps" => write.Object["metadata"]?["labels"]?["workflows.argoproj.io/configmap-type"]?.GetValue<string>() == "Cache",
        "workflows" => workflowWritesAllowed && write.Verb == "update",
        var other => AlsoAllowed.Contains(other),
    };

    // Argo's Entry struct as the reconciler writes it for TestWorkflows.Outputs(value): field order, whole-second UTC times.
    private static Regex ArgoEntry(string nodeId, string value) => new(
        "^" + Regex.Escape($$$"""{"nodeID":"{{{nodeId}}}","outputs":{"parameters":[{"name":"hello","value":"{{{value}}}","valueFrom":{"path":"/tmp/hello_world.txt"}}],"exitCode":"0"},"creationTimestamp":""")
        + Timestamp().ToString() + Regex.Escape(""","lastHitTimestamp":""") + Timestamp().ToString() + Regex.Escape("}") + "$");

    [GeneratedRegex("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"")]
    private static partial Regex Timestamp();
}
