using Memoize.Cli.CacheInspection;
using Memoize.Cli.Tests.Support;
using Memoize.Kubernetes.Config;

namespace Memoize.Cli.Tests.CacheInspection;

public sealed class ClusterSelectionTests : IDisposable
{
    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:6443"}
        users:
        - name: u
          user: {token: abc}
        contexts:
        - name: dev
          context: {cluster: c, user: u}
        - name: ops
          context: {cluster: c, user: u, namespace: workflows}
        - name: blank
          context: {cluster: c, user: u, namespace: "  "}
        """;

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(null, null, "argo")]
    [InlineData("dev", null, "argo")]
    [InlineData("ops", null, "workflows")]
    [InlineData("blank", null, "argo")]
    [InlineData("ops", "ci", "ci")]
    public void The_namespace_is_the_flag_else_the_contexts_else_argo(string? context, string? flag, string expected)
    {
        var kubeconfig = temp.Write("config", TwoContexts);

        var target = new ClusterSelection(kubeconfig, context, flag).Resolve();

        Assert.Equal((expected, "https://127.0.0.1:6443/"), (target.Namespace, target.Connection.Server.ToString()));
    }

    [Fact]
    public void The_first_file_that_defines_a_context_decides_its_namespace_as_kubectl_merges_them()
    {
        var first = temp.Write("first", TwoContexts);
        var second = temp.Write("second", TwoContexts.Replace("context: {cluster: c, user: u}", "context: {cluster: c, user: u, namespace: other}", StringComparison.Ordinal));

        var config = KubeConfig.Load([first, second]);

        Assert.Null(config.NamespaceOf("dev"));
        Assert.Equal("workflows", config.NamespaceOf("ops"));
        Assert.Null(config.NamespaceOf("missing"));
    }
}
