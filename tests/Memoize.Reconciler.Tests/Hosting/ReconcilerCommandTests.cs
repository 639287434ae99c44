using System.Net;
using System.Net.Sockets;
using Memoize.Reconciler.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Reconciler.Tests.Hosting;

public sealed class ReconcilerCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memoize-reconciler-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exitCode = await ReconcilerCommand.RunAsync(args, new Dictionary<string, string>(), output, error, NullLoggerFactory.Instance, cancel.Token);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_bad_flag_exits_2_with_one_line_naming_it()
    {
        var (exitCode, output, error) = await RunAsync("--workers", "0");

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal("memoize-reconciler: invalid value \"0\" for --workers: must be a whole number from 1 to 64, e.g. --workers 4" + Environment.NewLine, error);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_flags()
    {
        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: memoize-reconciler [flags]\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_exits_3_with_one_clear_line()
    {
        var path = Path.Combine(_directory, "nope.yaml");

        var (exitCode, _, error) = await RunAsync("--kubeconfig", path);

        Assert.Equal(3, exitCode);
        Assert.StartsWith("memoize-reconciler: no cluster to reach: ", error, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task An_unknown_context_exits_3_with_one_line_naming_the_contexts_there_are()
    {
        await using var emulator = await Memoize.ApiEmulator.KubernetesApiEmulator.StartAsync();
        var path = Path.Combine(_directory, "config");
        emulator.WriteKubeconfig(path);

        var (exitCode, _, error) = await RunAsync("--kubeconfig", path, "--context", "prod");

        Assert.Equal(3, exitCode);
        Assert.Equal($"memoize-reconciler: no cluster to reach: kubeconfig {path}: context \"prod\" does not exist (contexts: emulator)" + Environment.NewLine, error);
    }

    [Fact]
    public async Task An_api_server_that_does_not_answer_exits_3_with_one_clear_line()
    {
        var port = ClosedPort();
        var path = Path.Combine(_directory, "config");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: https://127.0.0.1:{port}
                insecure-skip-tls-verify: true
            users:
            - name: me
              user:
                token: abc
            contexts:
            - name: gone
              context:
                cluster: gone
                user: me
            current-context: gone
            """);

        var (exitCode, _, error) = await RunAsync("--kubeconfig", path);

        Assert.Equal(3, exitCode);
        Assert.StartsWith($"memoize-reconciler: no cluster to reach: cannot reach the Kubernetes API server https://127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.EndsWith("check that the cluster is running and KUBECONFIG or --kubeconfig points to it" + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Against_a_cluster_it_runs_until_stopped_then_releases_its_lease_and_exits_0()
    {
        await using var emulator = await Memoize.ApiEmulator.KubernetesApiEmulator.StartAsync();
        var path = Path.Combine(_directory, "config");
        emulator.WriteKubeconfig(path);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = ReconcilerCommand.RunAsync(["--kubeconfig", path, "--metrics-address", "127.0.0.1:0", "--identity", "cli"],
            new Dictionary<string, string>(), output, error, NullLoggerFactory.Instance, stop.Token);
        using var api = new Memoize.Kubernetes.KubernetesApiClient(Memoize.Kubernetes.Config.KubeConfig.Load(path).ToConnection());
        var leases = new Memoize.Kubernetes.Resources.LeaseClient(api);
        await Support.TestCluster.Eventually(async () => (await leases.TryGetAsync("argo", "memoize-reconciler"))?.Spec?.HolderIdentity == "cli", "the command to lead");

        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(Support.TestCluster.Deadline));
        Assert.True(string.IsNullOrEmpty((await leases.GetAsync("argo", "memoize-reconciler")).Spec.HolderIdentity));
        Assert.Equal("", error.ToString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
