using k8s.Models;
using Memoize.Kubernetes.Resources;
using System.Text;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Tls;
using Microsoft.AspNetCore.Http;

namespace Memoize.Kubernetes.Tests;

/// <summary>A real TLS loopback server proves CA pinning, host name checks and client-certificate authentication.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificateAuthority clusterCa = TestCertificateAuthority.Create("cluster-ca");
    private readonly TempDirectory dir = new();

    public void Dispose()
    {
        clusterCa.Dispose();
        dir.Dispose();
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    // Answers with the client certificate's subject, so the test sees who the server thinks we are.
    private static Task WhoAmI(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var subject = context.Connection.ClientCertificate?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false) ?? "";
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = "ConfigMap",
            ["apiVersion"] = "v1",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = subject, ["namespace"] = "argo" },
        };
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private string Kubeconfig(Uri server, string caPem, (string CertificatePem, string KeyPem)? client = null, bool insecure = false)
    {
        var cluster = insecure
            ? $"    server: {server}\n    insecure-skip-tls-verify: true\n"
            : $"    server: {server}\n    certificate-authority-data: {B64(caPem)}\n";
        var user = client is { } c
            ? $"    client-certificate-data: {B64(c.CertificatePem)}\n    client-key-data: {B64(c.KeyPem)}\n"
            : "    token: t\n";
        return dir.Write("config", $"current-context: c\nclusters:\n- name: k\n  cluster:\n{cluster}users:\n- name: u\n  user:\n{user}contexts:\n- name: c\n  context: {{cluster: k, user: u}}\n");
    }

    [Fact]
    public async Task Server_signed_by_the_kubeconfig_CA_is_trusted_and_the_client_certificate_authenticates()
    {
        var client = ClientCertificate.Issue(clusterCa, "memoize-reconciler");
        await using var server = await LoopbackApiServer.StartAsync(WhoAmI, clusterCa.IssueServerCertificate("localhost", "127.0.0.1"), clusterCa.Certificate);
        var connection = KubeConfig.Load(Kubeconfig(server.Url, clusterCa.CertificatePem, (client.CertificatePem, client.KeyPem))).ToConnection();
        using var api = new KubernetesApiClient(connection, RetryPolicy.None);

        var answer = await new ConfigMapClient(api).GetAsync("argo", "whoami");

        Assert.Equal("memoize-reconciler", answer.Name());
    }

    [Fact]
    public async Task Server_signed_by_another_CA_is_refused()
    {
        using var otherCa = TestCertificateAuthority.Create("other-ca");
        await using var server = await LoopbackApiServer.StartAsync(WhoAmI, otherCa.IssueServerCertificate("localhost", "127.0.0.1"));
        var connection = KubeConfig.Load(Kubeconfig(server.Url, clusterCa.CertificatePem)).ToConnection();
        using var api = new KubernetesApiClient(connection, RetryPolicy.None);

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() => new ConfigMapClient(api).GetAsync("argo", "x"));

        Assert.StartsWith($"cannot reach the Kubernetes API server {server.Url.AbsoluteUri.TrimEnd('/')} (GET /api/v1/namespaces/argo/configmaps/x): The SSL connection could not be established: ", error.Message);
        Assert.Contains("certificate chain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_certificate_for_another_name_is_refused_even_from_the_right_CA()
    {
        await using var server = await LoopbackApiServer.StartAsync(WhoAmI, clusterCa.IssueServerCertificate("api.elsewhere.example"));
        var connection = KubeConfig.Load(Kubeconfig(server.Url, clusterCa.CertificatePem)).ToConnection();
        using var api = new KubernetesApiClient(connection, RetryPolicy.None);

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() => new ConfigMapClient(api).GetAsync("argo", "x"));

        Assert.Contains("The SSL connection could not be established: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("RemoteCertificateNameMismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_an_unknown_server_only_because_the_file_says_so()
    {
        using var otherCa = TestCertificateAuthority.Create("other-ca");
        await using var server = await LoopbackApiServer.StartAsync(WhoAmI, otherCa.IssueServerCertificate("localhost", "127.0.0.1"));
        var connection = KubeConfig.Load(Kubeconfig(server.Url, clusterCa.CertificatePem, insecure: true)).ToConnection();
        using var api = new KubernetesApiClient(connection, RetryPolicy.None);

        var answer = await new ConfigMapClient(api).GetAsync("argo", "x");

        Assert.Equal("ConfigMap", answer.Kind);
    }

    [Fact]
    public async Task Server_requiring_a_client_certificate_refuses_a_client_without_one()
    {
        await using var server = await LoopbackApiServer.StartAsync(WhoAmI, clusterCa.IssueServerCertificate("localhost", "127.0.0.1"), clusterCa.Certificate);
        var connection = KubeConfig.Load(Kubeconfig(server.Url, clusterCa.CertificatePem)).ToConnection();
        using var api = new KubernetesApiClient(connection, RetryPolicy.None);

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() => new ConfigMapClient(api).GetAsync("argo", "x"));

        Assert.StartsWith("cannot reach the Kubernetes API server ", error.Message, StringComparison.Ordinal);
    }
}
