using Memoize.Kubernetes.Config;
using Memoize.Webhook.Cluster;
using Memoize.Webhook.Host;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>When the webhook uses a cluster, which one, and when a broken configuration stops it instead of being ignored.</summary>
public sealed class ClusterChoiceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memoize-choice-tests-" + Guid.NewGuid().ToString("N"));

    public ClusterChoiceTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ClusterConnection NotCalled() => throw new InvalidOperationException("detection must not run");

    private static ClusterConnection NothingFound() =>
        throw new ClusterConfigurationException("no Kubernetes configuration found: set KUBECONFIG or create ~/.kube/config (tried: in-cluster (KUBERNETES_SERVICE_HOST is not set), /home/me/.kube/config (does not exist))");

    [Fact]
    public void Without_any_configuration_there_is_no_cluster_and_the_log_line_says_so()
    {
        var choice = ClusterChoice.For(new WebhookOptions(), NothingFound);

        Assert.Null(choice.Connection);
        Assert.Equal("no Kubernetes configuration found: RBAC hints and the cache ConfigMap index are off", choice.NoClusterReason);
    }

    [Fact]
    public void Dev_without_kubeconfig_uses_no_cluster_and_does_not_look_for_one()
    {
        var choice = ClusterChoice.For(new WebhookOptions { Dev = true }, NotCalled);

        Assert.Null(choice.Connection);
        Assert.Equal("--dev: no Kubernetes cluster is used: RBAC hints and the cache ConfigMap index are off; add --kubeconfig PATH to use one", choice.NoClusterReason);
    }

    [Fact]
    public void A_detected_configuration_is_used()
    {
        var detected = new ClusterConnection(new Uri("https://10.96.0.1:443")) { Source = "in-cluster" };

        var choice = ClusterChoice.For(new WebhookOptions(), () => detected);

        Assert.Same(detected, choice.Connection);
        Assert.Null(choice.NoClusterReason);
    }

    [Fact]
    public void A_detected_configuration_that_is_broken_stops_the_webhook_with_the_reason()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterChoice.For(
            new WebhookOptions(),
            () => throw new ClusterConfigurationException("kubeconfig /home/me/.kube/config: context \"dev\" refers to cluster \"dev-cluster\", which is not defined")));

        Assert.Equal(
            "kubeconfig /home/me/.kube/config: context \"dev\" refers to cluster \"dev-cluster\", which is not defined; fix it, or pass --dev to run without a cluster",
            error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_explicit_kubeconfig_is_used_with_or_without_dev(bool dev)
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, Kubeconfig("https://127.0.0.1:6443"));

        var choice = ClusterChoice.For(new WebhookOptions { Kubeconfig = path, Dev = dev }, NotCalled);

        Assert.Equal(new Uri("https://127.0.0.1:6443"), choice.Connection!.Server);
        Assert.Equal($"kubeconfig {path}, context test", choice.Connection.Source);
    }

    [Fact]
    public void An_explicit_kubeconfig_that_does_not_exist_is_an_error_not_a_fallback()
    {
        var path = Path.Combine(_directory, "missing");

        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterChoice.For(new WebhookOptions { Kubeconfig = path, Dev = true }, NotCalled));

        Assert.Equal($"--kubeconfig {path}: kubeconfig not found: {path} does not exist", error.Message);
    }

    [Fact]
    public void A_kubeconfig_path_starting_with_a_tilde_is_in_the_home_directory()
    {
        // "--kubeconfig=~/..." reaches the program unexpanded: the shell only expands ~ at the start of a word.
        var name = "memoize-missing-" + Guid.NewGuid().ToString("N");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterChoice.For(new WebhookOptions { Kubeconfig = "~/" + name }, NotCalled));

        Assert.Equal($"--kubeconfig ~/{name}: kubeconfig not found: {Path.Combine(home, name)} does not exist", error.Message);
    }

    [Fact]
    public void An_explicit_kubeconfig_without_a_current_context_is_an_error_naming_the_fix()
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, Kubeconfig("https://127.0.0.1:6443").Replace("current-context: test\n", "", StringComparison.Ordinal));

        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterChoice.For(new WebhookOptions { Kubeconfig = path }, NotCalled));

        Assert.Equal($"--kubeconfig {path}: kubeconfig {path}: current-context is not set; name a context or run 'kubectl config use-context NAME' (contexts: test)", error.Message);
    }

    [Fact]
    public void An_explicit_context_picks_that_context_of_the_kubeconfig()
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, TwoContexts);

        var choice = ClusterChoice.For(new WebhookOptions { Kubeconfig = path, Context = "staging", Dev = true }, NotCalled);

        Assert.Equal(new Uri("https://10.0.0.2:6443"), choice.Connection!.Server);
        Assert.Equal("argo-staging", choice.Connection.Namespace);
    }

    [Fact]
    public void An_unknown_context_is_an_error_naming_the_contexts_there_are()
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, TwoContexts);

        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterChoice.For(new WebhookOptions { Kubeconfig = path, Context = "prod" }, NotCalled));

        Assert.Equal($"--kubeconfig {path} --context prod: kubeconfig {path}: context \"prod\" does not exist (contexts: dev, staging)", error.Message);
    }

    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dev
          cluster:
            server: https://10.0.0.1:6443
        - name: staging
          cluster:
            server: https://10.0.0.2:6443
        users:
        - name: me
          user:
            token: not-a-real-token
        contexts:
        - name: dev
          context:
            cluster: dev
            user: me
        - name: staging
          context:
            cluster: staging
            user: me
            namespace: argo-staging
        current-context: dev

        """;

    private static string Kubeconfig(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: {server}
        users:
        - name: test
          user:
            token: not-a-real-token
        contexts:
        - name: test
          context:
            cluster: test
            user: test
        current-context: test

        """;
}
