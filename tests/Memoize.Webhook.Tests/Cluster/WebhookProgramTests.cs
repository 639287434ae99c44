using Memoize.ApiEmulator;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>The memoize-webhook program itself: how it picks no cluster, a cluster, or refuses a broken kubeconfig.</summary>
public sealed class WebhookProgramTests
{
    private static readonly string[] AnyFreePorts = ["--admission-address", "127.0.0.1:0", "--health-address", "127.0.0.1:0"];

    [Fact]
    public async Task A_kubeconfig_flag_that_does_not_load_exits_2_with_the_reason()
    {
        using var program = WebhookProcess.Start(["--dev", "--kubeconfig", "/nonexistent/kubeconfig", .. AnyFreePorts]);

        Assert.Equal(2, await program.WaitForExitAsync());
        Assert.Equal(["memoize-webhook: --kubeconfig /nonexistent/kubeconfig: kubeconfig not found: /nonexistent/kubeconfig does not exist"], program.Stderr);
    }

    [Fact]
    public async Task Without_any_Kubernetes_configuration_it_serves_and_says_once_what_is_off()
    {
        using var certificates = new TestCertificates();
        using var volume = new SecretVolume(certificates.Issue("memoize-webhook"));
        using var program = WebhookProcess.Start(["--tls-cert-file", volume.CertPath, "--tls-key-file", volume.KeyPath, .. AnyFreePorts]);

        await program.WaitForLogAsync("no Kubernetes configuration found: RBAC hints and the cache ConfigMap index are off");

        Assert.Single(program.LogMessages, m => m.Contains("RBAC hints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_KUBECONFIG_set_it_uses_that_cluster_and_syncs_the_index()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var certificates = new TestCertificates();
        using var volume = new SecretVolume(certificates.Issue("memoize-webhook"));
        var kubeconfig = Path.Combine(volume.Directory, "kubeconfig");
        emulator.WriteKubeconfig(kubeconfig, "memoize-system");

        using var program = WebhookProcess.Start(
            ["--tls-cert-file", volume.CertPath, "--tls-key-file", volume.KeyPath, .. AnyFreePorts],
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig });

        await program.WaitForLogAsync($"Using the Kubernetes cluster at {emulator.BaseAddress} (kubeconfig {kubeconfig}, context emulator): RBAC hints, the cache label check and the cache ConfigMap index are on");
        await program.WaitForLogAsync("The cache ConfigMap index has synced: 0 Argo objects listed (0 workflows, 0 workflowtemplates, 0 clusterworkflowtemplates, 0 cronworkflows)");
    }
}
