using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Memoize.Bench.Admission;

/// <summary>A server under test in its own process: started, waited for until it answers, measured for CPU time, killed.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    /// <summary>What is measured: <c>bare</c> or <c>webhook</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTPS port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>CPU time (user and system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory of the process now (RSS on Linux: what a container's memory limit counts).</summary>
    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="arguments"/></c> and waits (up to a deadline) until it answers a review with 200.</summary>
    public static async Task<ServerProcess> StartAsync(string name, IEnumerable<string> arguments, int port, byte[] probeBody, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        // Drained and dropped: a full pipe would block the server's logger.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(name, process, port);
        await server.WaitUntilAnsweringAsync(probeBody, TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>POSTs <paramref name="body"/> once and returns the answer's text (to check what is being measured).</summary>
    public async Task<string> PostAsync(string path, byte[] body)
    {
        using var client = LoadClient.Create(1);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri($"https://127.0.0.1:{Port}{path}"), content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? text : throw new InvalidOperationException($"{Name} answered {(int)response.StatusCode}: {text}");
    }

    private async Task WaitUntilAnsweringAsync(byte[] probeBody, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before answering");
            }

            try
            {
                await PostAsync("/validate", probeBody);
                return;
            }
            catch (HttpRequestException) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
