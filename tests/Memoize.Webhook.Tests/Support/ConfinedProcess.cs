using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Memoize.Webhook.Tests.Support;

/// <summary>
/// A program from the test output directory run as its container runs it: as UID/GID 1654 (the Deployments'
/// runAsUser; when the tests run as root, <c>setpriv</c> drops to it), with a working directory and HOME it cannot
/// write (mode 0555, owned by someone else), only TMPDIR writable (the emptyDir at /tmp), and the Deployment's args
/// and environment. Nothing is inherited from the test's environment but PATH and the .NET host's location.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfinedProcess : IDisposable
{
    /// <summary>The runAsUser and runAsGroup of both Deployments.</summary>
    public const int ContainerUid = 1654;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ConfinedProcess(string root, string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        Root = root;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(IsRoot ? "setpriv" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        if (IsRoot)
        {
            foreach (var arg in new[] { $"--reuid={ContainerUid}", $"--regid={ContainerUid}", "--clear-groups", "--", dotnet })
            {
                start.ArgumentList.Add(arg);
            }
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } dotnetRoot)
        {
            start.Environment["DOTNET_ROOT"] = dotnetRoot;
        }
        start.Environment["HOME"] = Home;
        start.Environment["TMPDIR"] = Tmp;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>True when the tests run as root (then the program runs as <see cref="ContainerUid"/>).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The directory holding the read-only working directory, HOME and configuration, and the writable TMPDIR.</summary>
    public string Root { get; }

    /// <summary>The working directory (read-only for the program).</summary>
    public string WorkingDirectory => Path.Combine(Root, "work");

    /// <summary>HOME (read-only for the program).</summary>
    public string Home => Path.Combine(Root, "home");

    /// <summary>TMPDIR: the only writable directory, as the emptyDir mounted at /tmp.</summary>
    public string Tmp => Path.Combine(Root, "tmp");

    /// <summary>Where read-only configuration goes (certificates, kubeconfig), like a mounted Secret.</summary>
    public string Config => Path.Combine(Root, "config");

    /// <summary>Every line written to standard output and standard error so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The effective UID the program runs as (setpriv executes it in its own process), from /proc.</summary>
    public int EffectiveUid => int.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
        .Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True while the program runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>
    /// Lays out the directories and starts <paramref name="assembly"/>: <paramref name="writeConfig"/> writes the
    /// configuration files into the config directory before everything is made read-only, and
    /// <paramref name="argsFor"/> gives the arguments, knowing that directory.
    /// </summary>
    public static ConfinedProcess Start(string assembly, IReadOnlyDictionary<string, string> environment, Action<string> writeConfig, Func<string, IEnumerable<string>> argsFor)
    {
        var root = Directory.CreateTempSubdirectory("memoize-confined-").FullName;
        foreach (var directory in new[] { "work", "home", "tmp", "config" })
        {
            Directory.CreateDirectory(Path.Combine(root, directory));
        }
        writeConfig(Path.Combine(root, "config"));

        const UnixFileMode ReadOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var file in Directory.GetFiles(Path.Combine(root, "config")))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        foreach (var directory in new[] { "work", "home", "config" })
        {
            File.SetUnixFileMode(Path.Combine(root, directory), ReadOnlyDirectory);
        }
        File.SetUnixFileMode(root, ReadOnlyDirectory);
        if (IsRoot)
        {
            File.SetUnixFileMode(Path.Combine(root, "tmp"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Chown(Path.Combine(root, "tmp"), ContainerUid);
        }
        return new ConfinedProcess(root, assembly, argsFor(Path.Combine(root, "config")), environment);
    }

    /// <summary>A loopback address on a port free right now.</summary>
    public static string FreeLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with the program's output when it exits or the deadline passes.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Assert.False(_process.HasExited, $"the program exited with {(_process.HasExited ? _process.ExitCode : 0)} before {what}:\n{string.Join('\n', Output)}");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}:\n{string.Join('\n', Output)}");
            await Task.Delay(50); // polling interval, bounded by the deadline
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var directory in Directory.GetDirectories(Root))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(Root, recursive: true);
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [$"{uid}:{uid}", path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        Assert.True(chown.ExitCode == 0, $"chown {uid} {path} failed");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
