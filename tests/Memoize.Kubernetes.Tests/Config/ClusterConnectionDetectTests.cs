using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Tls;

namespace Memoize.Kubernetes.Tests.Config;

public sealed class ClusterConnectionDetectTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private const string Kubeconfig = """
        current-context: c
        clusters:
        - {name: k, cluster: {server: "https://from-kubeconfig:6443"}}
        contexts:
        - {name: c, context: {cluster: k, namespace: team}}
        """;

    [Fact]
    public void In_cluster_wins_when_the_service_host_is_set_and_the_token_exists()
    {
        using var pki = TestCertificateAuthority.Create("test-ca");
        dir.Write("sa/token", "t");
        dir.Write("sa/ca.crt", pki.CertificatePem);
        dir.Write("home/.kube/config", Kubeconfig);

        var connection = ClusterConnection.Detect(
            name => name == "KUBERNETES_SERVICE_HOST" ? "10.96.0.1" : null, dir.File("home"), dir.File("sa"));

        Assert.Equal("in-cluster", connection.Source);
    }

    [Fact]
    public void Kubeconfig_in_home_is_used_outside_a_pod()
    {
        var path = dir.Write("home/.kube/config", Kubeconfig);

        var connection = ClusterConnection.Detect(_ => null, dir.File("home"), dir.File("sa"));

        Assert.Equal(new Uri("https://from-kubeconfig:6443"), connection.Server);
        Assert.Equal("team", connection.Namespace);
        Assert.Equal($"kubeconfig {path}, context c", connection.Source);
    }

    [Fact]
    public void KUBECONFIG_is_used_when_set()
    {
        var path = dir.Write("elsewhere/config", Kubeconfig);

        var connection = ClusterConnection.Detect(name => name == "KUBECONFIG" ? path : null, dir.File("home"), dir.File("sa"));

        Assert.Equal(new Uri("https://from-kubeconfig:6443"), connection.Server);
    }

    [Fact]
    public void Service_host_without_token_falls_back_to_kubeconfig()
    {
        dir.Write("home/.kube/config", Kubeconfig);

        var connection = ClusterConnection.Detect(
            name => name == "KUBERNETES_SERVICE_HOST" ? "10.96.0.1" : null, dir.File("home"), dir.File("sa"));

        Assert.Equal(new Uri("https://from-kubeconfig:6443"), connection.Server);
    }

    [Fact]
    public void Nothing_found_lists_everything_tried()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterConnection.Detect(_ => null, dir.File("home"), dir.File("sa")));

        Assert.Equal(
            $"no Kubernetes configuration found: set KUBECONFIG or create ~/.kube/config (tried: in-cluster (KUBERNETES_SERVICE_HOST is not set), {dir.File("home/.kube/config")} (does not exist))",
            error.Message);
    }

    [Fact]
    public void Nothing_found_in_a_pod_without_token_names_the_token_path_and_KUBECONFIG_paths()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterConnection.Detect(
            name => name switch { "KUBERNETES_SERVICE_HOST" => "10.96.0.1", "KUBECONFIG" => "/nope/a:/nope/b", _ => null },
            dir.File("home"),
            dir.File("sa")));

        Assert.Equal(
            $"no Kubernetes configuration found: set KUBECONFIG or create ~/.kube/config (tried: in-cluster ({dir.File("sa/token")} does not exist), /nope/a (does not exist), /nope/b (does not exist))",
            error.Message);
    }
}
