using Memoize.Reconciler.Hosting;
using Memoize.Testing.Kubeconfig;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Reconciler.Tests.Hosting;

/// <summary>The reconciler run off-cluster with a kubeconfig whose user is an exec credential plugin (as on EKS, GKE, AKS).</summary>
public sealed class ReconcilerExecCredentialTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memoize-reconciler-exec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task With_an_exec_plugin_it_leads_and_runs_the_plugin_again_once_the_credential_expires()
    {
        await using var emulator = await Memoize.ApiEmulator.KubernetesApiEmulator.StartAsync();

        // The package renews 30 s before expiry: a 31 s credential goes stale about a second after it is issued.
        var plugin = ExecCredentialPlugin.Write(_directory, emulator.BaseAddress, emulator.CaCertificatePem, emulator.BearerToken, expiresInSeconds: 31);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = ReconcilerCommand.RunAsync(["--kubeconfig", plugin.KubeconfigPath, "--metrics-address", "127.0.0.1:0", "--identity", "exec"],
            new Dictionary<string, string>(), output, error, NullLoggerFactory.Instance, stop.Token);
        using var api = new Memoize.Kubernetes.KubernetesApiClient(Memoize.Kubernetes.Config.KubeConfig.Load(plugin.KubeconfigPath).ToConnection());
        var leases = new Memoize.Kubernetes.Resources.LeaseClient(api);
        await Support.TestCluster.Eventually(async () => (await leases.TryGetAsync("argo", "memoize-reconciler"))?.Spec?.HolderIdentity == "exec", "the reconciler to lead");
        var runsWhenLeading = plugin.Runs;

        await Support.TestCluster.Eventually(() => Task.FromResult(plugin.Runs > runsWhenLeading), "the plugin to run again after the credential expired", TimeSpan.FromSeconds(20));
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task A_failing_exec_plugin_exits_3_with_one_line_naming_the_command_its_exit_code_and_stderr()
    {
        await using var emulator = await Memoize.ApiEmulator.KubernetesApiEmulator.StartAsync();
        var plugin = ExecCredentialPlugin.Write(
            _directory, emulator.BaseAddress, emulator.CaCertificatePem, emulator.BearerToken, exitCode: 2, stderr: "gke-gcloud-auth-plugin: not logged in");
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exitCode = await ReconcilerCommand.RunAsync(["--kubeconfig", plugin.KubeconfigPath], new Dictionary<string, string>(), output, error, NullLoggerFactory.Instance, cancel.Token);

        Assert.Equal(
            (3, $"memoize-reconciler: no cluster to reach: kubeconfig {plugin.KubeconfigPath}: user \"exec\": the exec credential plugin \"{plugin.ScriptPath}\" exited with code 2: gke-gcloud-auth-plugin: not logged in" + Environment.NewLine),
            (exitCode, error.ToString()));
    }
}
