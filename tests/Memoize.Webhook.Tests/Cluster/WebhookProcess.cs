using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>
/// The real memoize-webhook program (Memoize.Webhook.dll from the test output) run as a child process with a controlled
/// environment: no KUBECONFIG, no in-cluster variables and an empty HOME unless a test sets them.
/// </summary>
public sealed class WebhookProcess : IDisposable
{
    /// <summary>Process start is slow on a loaded machine; this bounds every wait on the child.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly string _home;

    private WebhookProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        _home = Path.Combine(Path.GetTempPath(), "memoize-webhook-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_home);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Memoize.Webhook.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name is "KUBECONFIG" or "KUBERNETES_SERVICE_HOST" or "KUBERNETES_SERVICE_PORT" || name.StartsWith("MEMOIZE_WEBHOOK_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["HOME"] = _home;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The child's process id (for reading its memory from /proc).</summary>
    public int Id => _process.Id;

    /// <summary>True while the program runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Every line written to standard output so far (JSON log lines).</summary>
    public IReadOnlyList<string> Stdout => [.. _stdout];

    /// <summary>Every line written to standard error so far.</summary>
    public IReadOnlyList<string> Stderr => [.. _stderr];

    /// <summary>The Message of every JSON log line written to standard output so far.</summary>
    public IReadOnlyList<string> LogMessages => [.. _stdout.Select(MessageOf).OfType<string>()];

    public static WebhookProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        new(args, environment ?? new Dictionary<string, string>());

    /// <summary>Waits for the program to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"memoize-webhook did not exit within {Timeout.TotalSeconds} s; stdout: {string.Join('\n', _stdout)}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until a log line with exactly <paramref name="message"/> is written, failing with the output so far.</summary>
    public async Task WaitForLogAsync(string message)
    {
        var deadline = DateTime.UtcNow + Timeout;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!LogMessages.Contains(message))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                Assert.Fail($"memoize-webhook did not log \"{message}\" ({(_process.HasExited ? $"it exited with {_process.ExitCode}" : "timed out")}); stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}");
            }

            await poll.WaitForNextTickAsync();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private static string? MessageOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("Message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
