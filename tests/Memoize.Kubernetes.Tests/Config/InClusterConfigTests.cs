using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Time;
using Memoize.Testing.Tls;

namespace Memoize.Kubernetes.Tests.Config;

public sealed class InClusterConfigTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly TestCertificateAuthority pki = TestCertificateAuthority.Create("test-ca");

    public void Dispose()
    {
        pki.Dispose();
        dir.Dispose();
    }

    private void WriteServiceAccount(string token = "sa-token", string? ns = "argo")
    {
        dir.Write("sa/token", token);
        dir.Write("sa/ca.crt", pki.CertificatePem);
        if (ns is not null)
        {
            dir.Write("sa/namespace", ns);
        }
    }

    private static Func<string, string?> Env(string? host, string? port = null) => name => name switch
    {
        "KUBERNETES_SERVICE_HOST" => host,
        "KUBERNETES_SERVICE_PORT" => port,
        _ => null,
    };

    [Fact]
    public void Service_account_files_and_environment_give_the_connection()
    {
        WriteServiceAccount();

        var connection = InClusterConfig.Load(dir.File("sa"), Env("10.96.0.1", "443"));

        Assert.Equal(new Uri("https://10.96.0.1:443"), connection.Server);
        Assert.Equal("sa-token", BearerToken.Of(connection));
        Assert.Equal(dir.File("sa/token"), BearerToken.FileOf(connection));
        Assert.Equal(pki.Certificate.Thumbprint, Assert.Single(connection.CertificateAuthorities).Thumbprint);
        Assert.Equal("argo", connection.Namespace);
        Assert.Equal("in-cluster", connection.Source);
        Assert.False(connection.InsecureSkipTlsVerify);
    }

    [Theory]
    [InlineData("fd00:10:96::1", "6443", "https://[fd00:10:96::1]:6443/")]
    [InlineData("10.96.0.1", null, "https://10.96.0.1/")]
    [InlineData("kubernetes.default.svc", "8443", "https://kubernetes.default.svc:8443/")]
    public void Host_and_port_make_the_server_url_with_ipv6_bracketed(string host, string? port, string expected)
    {
        WriteServiceAccount();

        var connection = InClusterConfig.Load(dir.File("sa"), Env(host, port));

        Assert.Equal(expected, connection.Server.AbsoluteUri);
    }

    [Fact]
    public void Missing_namespace_file_means_default()
    {
        WriteServiceAccount(ns: null);

        Assert.Equal("default", InClusterConfig.Load(dir.File("sa"), Env("10.96.0.1")).Namespace);
    }

    [Fact]
    public void Not_in_a_pod_is_a_clear_error()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => InClusterConfig.Load(dir.File("sa"), Env(null)));

        Assert.Equal("in-cluster configuration: KUBERNETES_SERVICE_HOST is not set (this process is not running in a pod)", error.Message);
    }

    [Fact]
    public void Bad_port_is_a_clear_error()
    {
        WriteServiceAccount();

        var error = Assert.Throws<ClusterConfigurationException>(() => InClusterConfig.Load(dir.File("sa"), Env("10.96.0.1", "https")));

        Assert.Equal("in-cluster configuration: KUBERNETES_SERVICE_PORT \"https\" is not a port number (1-65535)", error.Message);
    }

    [Fact]
    public void Missing_token_is_named()
    {
        dir.Write("sa/ca.crt", pki.CertificatePem);

        var error = Assert.Throws<ClusterConfigurationException>(() => InClusterConfig.Load(dir.File("sa"), Env("10.96.0.1")));

        Assert.StartsWith($"in-cluster configuration: cannot read the bearer token file {dir.File("sa/token")}: ", error.Message);
    }

    [Fact]
    public void Missing_ca_is_named()
    {
        dir.Write("sa/token", "t");

        var error = Assert.Throws<ClusterConfigurationException>(() => InClusterConfig.Load(dir.File("sa"), Env("10.96.0.1")));

        Assert.StartsWith($"in-cluster configuration: cannot read the cluster CA {dir.File("sa/ca.crt")}: ", error.Message);
    }

    [Fact]
    public void Rotated_token_is_picked_up_after_the_refresh_interval()
    {
        WriteServiceAccount("first");
        var connection = InClusterConfig.Load(dir.File("sa"), Env("10.96.0.1"));

        var first = BearerToken.Of(connection);
        dir.Write("sa/token", "second");
        var beforeInterval = BearerToken.Of(connection);
        BearerToken.ExpireCachedToken(connection); // the package's one-minute cache has run out
        var afterInterval = BearerToken.Of(connection);

        Assert.Equal(("first", "first", "second"), (first, beforeInterval, afterInterval));
    }
}
