using Memoize.Cli.Tests.Support;
using Memoize.Testing.Kubeconfig;
using static Memoize.Cli.Tests.Support.SeededCaches;

namespace Memoize.Cli.Tests.Commands;

/// <summary>The cache commands against a cluster whose kubeconfig user is an exec credential plugin (as on EKS, GKE, AKS).</summary>
public sealed class CacheExecCredentialTests : IAsyncLifetime
{
    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await EmulatedCluster.StartAsync();
        await SeedListingCachesAsync(cluster);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Ls_authenticates_with_the_token_the_exec_plugin_prints_and_runs_it_again_on_the_next_call()
    {
        var plugin = ExecCredentialPlugin.Write(
            Directory.CreateDirectory(Path.Combine(cluster.Temp.Path, "exec")).FullName,
            cluster.Emulator.BaseAddress,
            cluster.Emulator.CaCertificatePem,
            cluster.Emulator.BearerToken,
            @namespace: "argo");

        var first = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", plugin.KubeconfigPath]);
        var runsAfterFirst = plugin.Runs;
        var second = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", plugin.KubeconfigPath, "--context", "exec"]);

        string[] table =
        [
            "NAME             ENTRIES   SIZE   USED   MALFORMED   OLDEST   LAST HIT",
            "whalesay-cache   3         322B   0.0%   1           9d       5m",
        ];
        Assert.Equal((0, ""), (first.ExitCode, first.Stderr));
        Assert.Equal(table, first.StdoutLines);
        Assert.Equal((0, ""), (second.ExitCode, second.Stderr));
        Assert.Equal(table, second.StdoutLines);
        Assert.True(runsAfterFirst >= 1, $"the plugin ran {runsAfterFirst} times");
        Assert.True(plugin.Runs > runsAfterFirst, "a new command runs the plugin again");
    }

    [Fact]
    public async Task A_failing_exec_plugin_is_one_line_naming_the_command_its_exit_code_and_stderr_with_exit_3()
    {
        var plugin = ExecCredentialPlugin.Write(
            Directory.CreateDirectory(Path.Combine(cluster.Temp.Path, "failing")).FullName,
            cluster.Emulator.BaseAddress,
            cluster.Emulator.CaCertificatePem,
            cluster.Emulator.BearerToken,
            exitCode: 1,
            stderr: "error: the SSO session has expired");

        var result = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", plugin.KubeconfigPath]);

        Assert.Equal(
            (3, "", $"memoize: kubeconfig {plugin.KubeconfigPath}: user \"exec\": the exec credential plugin \"{plugin.ScriptPath}\" exited with code 1: error: the SSO session has expired\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }
}
