using k8s;
using k8s.Models;
using Memoize.Kubernetes.Resources;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Objects the contract tests create, in the suite's namespace and labelled for the test that made them.</summary>
internal static class ContractObjects
{
    /// <summary>The Argo label on cache ConfigMaps.</summary>
    public const string CacheLabel = "workflows.argoproj.io/configmap-type";

    /// <summary>The cache entry recorded in tests/fixtures/api/get-configmap.json.</summary>
    public const string RecordedEntry =
        """{"nodeID":"memo-apply","outputs":{"parameters":[{"name":"out","value":"hello"}],"exitCode":"0"},"creationTimestamp":"2026-11-21T10:00:00Z","lastHitTimestamp":"2026-11-21T10:00:00Z"}""";

    /// <summary>A new ConfigMap <paramref name="name"/> labelled <c>memoize.dev/contract-test=<paramref name="test"/></c>, with the given data and extra labels.</summary>
    public static V1ConfigMap ConfigMap(
        ContractCluster cluster,
        string name,
        string test,
        IReadOnlyDictionary<string, string>? data = null,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var configMap = ConfigMapClient.New(cluster.Namespace, name);
        configMap.Metadata.Labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { [ContractCluster.TestLabel] = test };
        configMap.Data = new Dictionary<string, string>(data ?? new Dictionary<string, string>());
        return configMap;
    }

    /// <summary>A deep copy of <paramref name="configMap"/>, to change without touching the original.</summary>
    public static V1ConfigMap Clone(V1ConfigMap configMap) => KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(configMap));

    /// <summary>The label selector that finds only <paramref name="test"/>'s objects.</summary>
    public static string Selector(string test) => $"{ContractCluster.TestLabel}={test}";
}
