using System.Diagnostics;
using Memoize.ApiEmulator;

namespace Memoize.Bench.Growth;

/// <summary>
/// The API emulator in a process of its own (this benchmark's own executable with the <see cref="Verb"/> argument), so
/// that the managed heap measured in the benchmark's process holds only what is measured (the webhook's index, the
/// reconciler), not the emulator's storage, its list snapshots or its buffers.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    /// <summary>The first argument that makes this executable run the emulator instead of the benchmarks.</summary>
    public const string Verb = "emulator";

    private const string Ready = "ready";

    private readonly Process _process;

    private EmulatorProcess(Process process, string kubeconfigPath)
    {
        _process = process;
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>A cluster-admin kubeconfig for the emulator.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The child's side: starts an emulator, writes its kubeconfig to args[1], says so, and runs until stdin closes.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null });
        emulator.WriteKubeconfig(args[1]);
        Console.WriteLine(Ready);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Starts the emulator process and waits (up to a minute) until its kubeconfig is written.</summary>
    public static async Task<EmulatorProcess> StartAsync(string directory)
    {
        var kubeconfig = Path.Combine(directory, "emulator-kubeconfig");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(EmulatorProcess).Assembly.Location);
        start.ArgumentList.Add(Verb);
        start.ArgumentList.Add(kubeconfig);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator process");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != Ready)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"the emulator process did not start: {line}");
        }

        return new EmulatorProcess(process, kubeconfig);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Closing stdin ends it; kill only if it does not.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
