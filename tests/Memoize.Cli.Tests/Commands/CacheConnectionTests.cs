using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Memoize.Cli.Tests.Support;

namespace Memoize.Cli.Tests.Commands;

/// <summary>How the cache commands find the cluster, and what a person sees when that fails.</summary>
public sealed class CacheConnectionTests : IAsyncLifetime
{
    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await EmulatedCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Without_any_kubernetes_configuration_the_clients_clear_error_is_shown_with_exit_2()
    {
        var home = Directory.CreateDirectory(Path.Combine(cluster.Temp.Path, "home")).FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "memoize.dll"), "cache", "ls" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HOME"] = home,
                ["USERPROFILE"] = home,
                ["KUBECONFIG"] = null,
                ["KUBERNETES_SERVICE_HOST"] = null,
                ["DOTNET_NOLOGO"] = "1",
            },
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("memoize cache ls did not finish within 30 s");
        }

        Assert.Equal(
            (2, "", "memoize: no Kubernetes configuration found: set KUBECONFIG or create ~/.kube/config "
                + $"(tried: in-cluster (KUBERNETES_SERVICE_HOST is not set), {Path.Combine(home, ".kube", "config")} (does not exist))\n"),
            (process.ExitCode, await stdout, (await stderr).ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_exist_is_a_configuration_error()
    {
        var missing = Path.Combine(cluster.Temp.Path, "missing");

        var result = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", missing]);

        Assert.Equal((2, $"memoize: kubeconfig not found: {missing} does not exist\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task An_unknown_context_is_named_with_the_contexts_there_are()
    {
        var result = await cluster.RunAsync("cache", "ls", "--context", "prod");

        Assert.Equal((2, $"memoize: kubeconfig {cluster.Kubeconfig}: context \"prod\" does not exist (contexts: emulator)\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task An_unreachable_api_server_exits_3_naming_the_server()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var kubeconfig = cluster.Temp.Write(
            "unreachable",
            File.ReadAllText(cluster.Kubeconfig).Replace(cluster.Emulator.BaseAddress.ToString().TrimEnd('/'), $"https://127.0.0.1:{port}", StringComparison.Ordinal));

        var result = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", kubeconfig]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"memoize: cannot reach the Kubernetes API server https://127.0.0.1:{port} (GET /api/v1/namespaces/argo/configmaps", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.StderrLines);
    }

    [Fact]
    public async Task A_user_without_permission_gets_the_servers_refusal_and_the_verbs_needed_with_exit_3()
    {
        var viewer = cluster.Emulator.AddUser("viewer");
        var kubeconfig = Path.Combine(cluster.Temp.Path, "viewer");
        cluster.Emulator.WriteKubeconfig(kubeconfig, "argo", viewer.Token);

        var result = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", kubeconfig]);

        Assert.Equal(
            (3, "memoize: configmaps is forbidden: User \"viewer\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"argo\"; "
                + "the cache commands need get and list (ls, stats, get) and update (rm, gc) on configmaps in namespace argo\n"),
            (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task A_rejected_token_exits_3_and_suggests_checking_the_credentials()
    {
        var kubeconfig = Path.Combine(cluster.Temp.Path, "stranger");
        cluster.Emulator.WriteKubeconfig(kubeconfig, "argo", "not-a-known-token");

        var result = await CacheCli.RunAsync(false, ["cache", "stats", "--kubeconfig", kubeconfig]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("memoize: the Kubernetes API server did not accept the credentials: ", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("; check the user of your kubeconfig context (is the token expired?)\n", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ls", "-n", "Argo_NS", "memoize: invalid namespace \"Argo_NS\": a namespace is at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. argo")]
    [InlineData("get", "My_Cache", "k", "memoize: invalid ConfigMap name \"My_Cache\": a ConfigMap name is at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. \"my-cache\"")]
    [InlineData("ls", "-o", "yaml", "memoize: Argument 'yaml' not recognized. Must be one of:\n\t'text'\n\t'json'")]
    public async Task Bad_flags_and_names_are_usage_errors_with_exit_2(string command, string first, string second, string message)
    {
        var result = await cluster.RunAsync("cache", command, first, second);

        Assert.Equal((2, "", $"{message}\nRun 'memoize cache {command} --help' for usage.\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }
}
