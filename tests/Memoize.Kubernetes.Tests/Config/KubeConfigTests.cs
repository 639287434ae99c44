using System.Text;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Kubeconfig;
using Memoize.Testing.Tls;

namespace Memoize.Kubernetes.Tests.Config;

public sealed class KubeConfigTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly TestCertificateAuthority pki = TestCertificateAuthority.Create("test-ca");

    public void Dispose()
    {
        pki.Dispose();
        dir.Dispose();
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Current_context_resolves_server_namespace_token_and_ca_data()
    {
        var path = dir.Write("config", $$"""
            apiVersion: v1
            kind: Config
            preferences: {}
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster:
                server: https://10.0.0.1:6443
                certificate-authority-data: {{B64(pki.CertificatePem)}}
                extensions: []
            users:
            - name: dev-user
              user:
                token: abc.def.ghi
            contexts:
            - name: dev
              context:
                cluster: dev-cluster
                user: dev-user
                namespace: argo
            - name: other
              context:
                cluster: dev-cluster
            """);

        var connection = KubeConfig.Load(path).ToConnection();

        Assert.Equal(new Uri("https://10.0.0.1:6443"), connection.Server);
        Assert.Equal("argo", connection.Namespace);
        Assert.Equal("abc.def.ghi", BearerToken.Of(connection));
        Assert.Null(BearerToken.FileOf(connection));
        Assert.Equal(pki.Certificate.Thumbprint, Assert.Single(connection.CertificateAuthorities).Thumbprint);
        Assert.False(connection.InsecureSkipTlsVerify);
        Assert.Null(connection.ClientCertificate);
        Assert.Equal($"kubeconfig {path}, context dev", connection.Source);
    }

    [Fact]
    public void Named_context_wins_over_current_context_and_namespace_defaults_to_default()
    {
        var path = dir.Write("config", """
            current-context: a
            clusters:
            - name: one
              cluster: {server: "https://one.example:6443"}
            - name: two
              cluster: {server: "https://two.example:443/prefix"}
            contexts:
            - name: a
              context: {cluster: one}
            - name: b
              context: {cluster: two}
            """);
        var config = KubeConfig.Load(path);

        var connection = config.ToConnection("b");

        Assert.Equal(["a", "b"], config.ContextNames);
        Assert.Equal("a", config.CurrentContext);
        Assert.Equal(new Uri("https://two.example:443/prefix"), connection.Server);
        Assert.Equal("default", connection.Namespace);
        Assert.Null(BearerToken.Of(connection));
        Assert.Empty(connection.CertificateAuthorities);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Client_certificate_and_key_data_give_a_certificate_with_its_private_key(bool rsa)
    {
        var client = ClientCertificate.Issue(pki, "alice", rsa);
        var path = dir.Write("config", $"""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {B64(pki.CertificatePem)}
            users:
            - name: alice
              user:
                client-certificate-data: {B64(client.CertificatePem)}
                client-key-data: {B64(client.KeyPem)}
            contexts:
            - name: c
              context: {"{"}cluster: k, user: alice{"}"}
            """);

        var connection = KubeConfig.Load(path).ToConnection();

        Assert.NotNull(connection.ClientCertificate);
        Assert.True(connection.ClientCertificate.HasPrivateKey);
        Assert.Equal(client.Certificate.Thumbprint, connection.ClientCertificate.Thumbprint);
    }

    [Fact]
    public void Relative_file_paths_resolve_against_the_kubeconfig_directory()
    {
        var client = ClientCertificate.Issue(pki, "bob");
        dir.Write("kube/pki/ca.crt", pki.CertificatePem);
        dir.Write("kube/pki/bob.crt", client.CertificatePem);
        dir.Write("kube/pki/bob.key", client.KeyPem);
        dir.Write("kube/token", "file-token\n");
        var path = dir.Write("kube/config", """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority: pki/ca.crt
            users:
            - name: bob
              user:
                client-certificate: pki/bob.crt
                client-key: pki/bob.key
                tokenFile: token
            contexts:
            - name: c
              context: {cluster: k, user: bob}
            """);

        var connection = KubeConfig.Load(path).ToConnection();

        Assert.Equal(pki.Certificate.Thumbprint, Assert.Single(connection.CertificateAuthorities).Thumbprint);
        Assert.Equal(client.Certificate.Thumbprint, connection.ClientCertificate!.Thumbprint);
        Assert.Equal("file-token", BearerToken.Of(connection));
        Assert.Equal(dir.File("kube/token"), BearerToken.FileOf(connection));
    }

    [Fact]
    public void Insecure_skip_tls_verify_is_only_set_when_the_file_says_so()
    {
        var path = dir.Write("config", """
            current-context: lab
            clusters:
            - name: lab
              cluster: {server: "https://lab:6443", insecure-skip-tls-verify: true}
            - name: safe
              cluster: {server: "https://safe:6443"}
            contexts:
            - {name: lab, context: {cluster: lab}}
            - {name: safe, context: {cluster: safe}}
            """);
        var config = KubeConfig.Load(path);

        Assert.True(config.ToConnection("lab").InsecureSkipTlsVerify);
        Assert.False(config.ToConnection("safe").InsecureSkipTlsVerify);
    }

    [Fact]
    public void Several_files_merge_with_the_first_definition_winning_and_missing_files_skipped()
    {
        var first = dir.Write("a/config", """
            clusters:
            - name: shared
              cluster: {server: "https://first:6443"}
            contexts:
            - {name: mine, context: {cluster: shared, user: me}}
            """);
        dir.Write("b/token", "second-token");
        var second = dir.Write("b/config", """
            current-context: mine
            clusters:
            - name: shared
              cluster: {server: "https://second:6443"}
            users:
            - name: me
              user: {tokenFile: token}
            contexts:
            - {name: mine, context: {cluster: shared, namespace: ignored}}
            - {name: theirs, context: {cluster: shared}}
            """);
        var missing = dir.File("c/config");

        var config = KubeConfig.Load([first, missing, second]);
        var connection = config.ToConnection();

        Assert.Equal([first, second], config.Files);
        Assert.Equal("mine", config.CurrentContext);
        Assert.Equal(["mine", "theirs"], config.ContextNames);
        Assert.Equal(new Uri("https://first:6443"), connection.Server);
        Assert.Equal("default", connection.Namespace);
        Assert.Equal("second-token", BearerToken.Of(connection));
    }

    [Fact]
    public void Default_paths_come_from_KUBECONFIG_split_on_colons_else_home()
    {
        var fromVariable = KubeConfig.DefaultPaths(name => name == "KUBECONFIG" ? "/a/config::/b/config" : null, "/home/me");
        var fromHome = KubeConfig.DefaultPaths(_ => null, "/home/me");
        var fromEmptyVariable = KubeConfig.DefaultPaths(name => name == "KUBECONFIG" ? " " : null, "/home/me");

        Assert.Equal(["/a/config", "/b/config"], fromVariable);
        Assert.Equal(["/home/me/.kube/config"], fromHome);
        Assert.Equal(["/home/me/.kube/config"], fromEmptyVariable);
    }

    [Fact]
    public void Unknown_context_is_named_with_the_known_ones()
    {
        var path = dir.Write("config", "current-context: gone\ncontexts:\n- {name: a, context: {cluster: x}}\n- {name: b, context: {cluster: x}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: context \"gone\" does not exist (contexts: a, b)", error.Message);
    }

    [Fact]
    public void Missing_current_context_says_how_to_choose_one()
    {
        var path = dir.Write("config", "clusters: []\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: current-context is not set; name a context or run 'kubectl config use-context NAME' (no contexts are defined)", error.Message);
    }

    [Fact]
    public void Context_naming_an_undefined_cluster_is_an_error()
    {
        var path = dir.Write("config", "current-context: c\ncontexts:\n- {name: c, context: {cluster: nowhere, user: u}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: context \"c\" refers to cluster \"nowhere\", which is not defined", error.Message);
    }

    [Fact]
    public void Context_naming_an_undefined_user_is_an_error()
    {
        var path = dir.Write("config", "current-context: c\nclusters:\n- {name: k, cluster: {server: 'https://k:6443'}}\ncontexts:\n- {name: c, context: {cluster: k, user: ghost}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: context \"c\" refers to user \"ghost\", which is not defined", error.Message);
    }

    [Fact]
    public void Cluster_without_server_is_an_error_with_an_example()
    {
        var path = dir.Write("config", "current-context: c\nclusters:\n- {name: k, cluster: {}}\ncontexts:\n- {name: c, context: {cluster: k}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: cluster \"k\" has no server; set clusters[].cluster.server, e.g. https://127.0.0.1:6443", error.Message);
    }

    [Fact]
    public void Unreadable_certificate_authority_file_is_named()
    {
        var path = dir.Write("config", "current-context: c\nclusters:\n- {name: k, cluster: {server: 'https://k:6443', certificate-authority: missing/ca.crt}}\ncontexts:\n- {name: c, context: {cluster: k}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.StartsWith($"kubeconfig {path}: cluster \"k\": cannot read certificate-authority file {dir.File("missing/ca.crt")}: ", error.Message);
    }

    [Fact]
    public void Certificate_authority_data_that_is_not_base64_is_an_error()
    {
        var path = dir.Write("config", "current-context: c\nclusters:\n- {name: k, cluster: {server: 'https://k:6443', certificate-authority-data: 'not base64!'}}\ncontexts:\n- {name: c, context: {cluster: k}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: cluster \"k\": certificate-authority-data is not valid base64", error.Message);
    }

    [Fact]
    public void Certificate_authority_data_without_a_certificate_is_an_error()
    {
        var path = dir.Write("config", $"current-context: c\nclusters:\n- {{name: k, cluster: {{server: 'https://k:6443', certificate-authority-data: {B64("hello")}}}}}\ncontexts:\n- {{name: c, context: {{cluster: k}}}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: cluster \"k\": certificate-authority-data holds no PEM certificate (-----BEGIN CERTIFICATE-----)", error.Message);
    }

    [Fact]
    public void Insecure_together_with_a_certificate_authority_is_refused()
    {
        var path = dir.Write("config", $"current-context: c\nclusters:\n- {{name: k, cluster: {{server: 'https://k:6443', insecure-skip-tls-verify: true, certificate-authority-data: {B64(pki.CertificatePem)}}}}}\ncontexts:\n- {{name: c, context: {{cluster: k}}}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: cluster \"k\" sets both insecure-skip-tls-verify and a certificate authority; remove one (verifying against the CA is the safe choice)", error.Message);
    }

    [Fact]
    public void Client_certificate_without_key_is_an_error()
    {
        var client = ClientCertificate.Issue(pki, "carol");
        var path = dir.Write("config", $"current-context: c\nclusters:\n- {{name: k, cluster: {{server: 'https://k:6443'}}}}\nusers:\n- {{name: carol, user: {{client-certificate-data: {B64(client.CertificatePem)}}}}}\ncontexts:\n- {{name: c, context: {{cluster: k, user: carol}}}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: user \"carol\" has a client-certificate but no client-key; set both", error.Message);
    }

    [Fact]
    public void Client_key_that_does_not_match_the_certificate_is_an_error()
    {
        var carol = ClientCertificate.Issue(pki, "carol");
        var dave = ClientCertificate.Issue(pki, "dave");
        var path = dir.Write("config", $"current-context: c\nclusters:\n- {{name: k, cluster: {{server: 'https://k:6443'}}}}\nusers:\n- {{name: carol, user: {{client-certificate-data: {B64(carol.CertificatePem)}, client-key-data: {B64(dave.KeyPem)}}}}}\ncontexts:\n- {{name: c, context: {{cluster: k, user: carol}}}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.StartsWith($"kubeconfig {path}: user \"carol\": client-certificate and client-key are not a PEM certificate and its matching RSA or EC private key: ", error.Message);
    }

    [Fact]
    public async Task Exec_plugin_token_is_cached_while_it_is_valid()
    {
        var plugin = ExecCredentialPlugin.Write(dir.Path, new Uri("https://k8s.test:6443"), pki.CertificatePem, "exec-token", expiresInSeconds: 3600);

        var connection = KubeConfig.Load(plugin.KubeconfigPath).ToConnection();
        var first = BearerToken.Of(connection);
        var runsAfterFirst = plugin.Runs;
        var second = BearerToken.Of(connection);
        var header = await connection.ClientConfiguration.TokenProvider!.GetAuthenticationHeaderAsync(CancellationToken.None);

        Assert.Equal(("exec-token", "exec-token", "exec-token"), (first, second, header.Parameter));
        Assert.Equal(runsAfterFirst, plugin.Runs);
        Assert.Equal($"kubeconfig {plugin.KubeconfigPath}, context exec", connection.Source);
    }

    [Fact]
    public async Task Exec_plugin_runs_again_once_its_credential_has_expired()
    {
        // The package renews 30 s before expiry, so a 5 s credential is already due for renewal when next used.
        var plugin = ExecCredentialPlugin.Write(dir.Path, new Uri("https://k8s.test:6443"), pki.CertificatePem, "exec-token", expiresInSeconds: 5);
        var connection = KubeConfig.Load(plugin.KubeconfigPath).ToConnection();
        var runsAfterBuild = plugin.Runs;

        await plugin.WaitForRunsAsync(runsAfterBuild + 2, () => Task.FromResult(BearerToken.Of(connection)!), TimeSpan.FromSeconds(20));

        Assert.Equal("exec-token", BearerToken.Of(connection));
    }

    [Fact]
    public void Failing_exec_plugin_is_one_line_with_the_command_its_exit_code_and_first_stderr_line()
    {
        var plugin = ExecCredentialPlugin.Write(dir.Path, new Uri("https://k8s.test:6443"), pki.CertificatePem, "unused", exitCode: 7, stderr: "error: SSO session expired, run aws sso login");

        var error = Assert.Throws<CredentialPluginException>(() => KubeConfig.Load(plugin.KubeconfigPath).ToConnection());

        Assert.Equal(
            $"kubeconfig {plugin.KubeconfigPath}: user \"exec\": the exec credential plugin \"{plugin.ScriptPath}\" exited with code 7: error: SSO session expired, run aws sso login",
            error.Message);
    }

    [Fact]
    public void Invalid_yaml_names_the_file()
    {
        var path = dir.Write("config", "clusters: [\n  - name: x\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path));

        Assert.StartsWith($"kubeconfig {path} is not valid YAML: ", error.Message);
    }

    [Fact]
    public void No_existing_file_is_an_error_listing_what_was_tried()
    {
        var missing = dir.File("nope/config");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(missing));

        Assert.Equal($"kubeconfig not found: {missing} does not exist", error.Message);
    }

    [Fact]
    public void Server_that_is_not_an_https_url_is_an_error()
    {
        var path = dir.Write("config", "current-context: c\nclusters:\n- {name: k, cluster: {server: 'k8s.example:6443'}}\ncontexts:\n- {name: c, context: {cluster: k}}\n");

        var error = Assert.Throws<ClusterConfigurationException>(() => KubeConfig.Load(path).ToConnection());

        Assert.Equal($"kubeconfig {path}: cluster \"k\" has server \"k8s.example:6443\", which is not an https URL such as https://127.0.0.1:6443", error.Message);
    }
}
