using System.Globalization;
using System.Text;

namespace Memoize.Testing.Kubeconfig;

/// <summary>
/// A kubeconfig whose user authenticates with an exec credential plugin: a small shell script, written at test time, that
/// prints a client.authentication.k8s.io/v1 ExecCredential with the given bearer token and an expirationTimestamp
/// <see cref="ExpiresInSeconds"/> from now, and appends a line to <see cref="CounterPath"/> each time it runs.
/// </summary>
public sealed class ExecCredentialPlugin
{
    private ExecCredentialPlugin(string directory, string kubeconfigPath)
    {
        ScriptPath = Path.Combine(directory, "credential-plugin.sh");
        CounterPath = Path.Combine(directory, "credential-plugin.runs");
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>The plugin script (the kubeconfig's exec command).</summary>
    public string ScriptPath { get; }

    /// <summary>One line per run of the plugin.</summary>
    public string CounterPath { get; }

    /// <summary>The kubeconfig with context <c>exec</c> and user <c>exec</c>.</summary>
    public string KubeconfigPath { get; }

    /// <summary>How far ahead the plugin's credential expires.</summary>
    public int ExpiresInSeconds { get; private init; }

    /// <summary>How many times the plugin has run.</summary>
    public int Runs => File.Exists(CounterPath) ? File.ReadAllLines(CounterPath).Length : 0;

    /// <summary>
    /// Writes the script and a kubeconfig for <paramref name="server"/> into <paramref name="directory"/>. With a non-zero
    /// <paramref name="exitCode"/> the script writes <paramref name="stderr"/> and exits with it instead of printing a credential.
    /// </summary>
    public static ExecCredentialPlugin Write(
        string directory, Uri server, string caPem, string token, int expiresInSeconds = 3600, string @namespace = "default", int exitCode = 0, string stderr = "")
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(caPem);
        var plugin = new ExecCredentialPlugin(directory, Path.Combine(directory, "exec-kubeconfig")) { ExpiresInSeconds = expiresInSeconds };
        var script = exitCode == 0
            ? $$$"""
                #!/bin/sh
                echo run >> '{{{plugin.CounterPath}}}'
                expiry=$(date -u -d "@$(( $(date +%s) + {{{expiresInSeconds.ToString(CultureInfo.InvariantCulture)}}} ))" +%Y-%m-%dT%H:%M:%SZ)
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' '{{{token}}}' "$expiry"
                """
            : $$"""
                #!/bin/sh
                echo run >> '{{plugin.CounterPath}}'
                echo '{{stderr}}' >&2
                echo 'second line of the plugin' >&2
                exit {{exitCode.ToString(CultureInfo.InvariantCulture)}}
                """;
        File.WriteAllText(plugin.ScriptPath, script.ReplaceLineEndings("\n") + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the test credential plugin is a POSIX shell script");
        }

        File.SetUnixFileMode(plugin.ScriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        File.WriteAllText(plugin.KubeconfigPath, $$"""
            apiVersion: v1
            kind: Config
            current-context: exec
            clusters:
            - name: emulator
              cluster:
                server: {{server.ToString().TrimEnd('/')}}
                certificate-authority-data: {{ca}}
            users:
            - name: exec
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {{plugin.ScriptPath}}
                  interactiveMode: Never
            contexts:
            - name: exec
              context:
                cluster: emulator
                user: exec
                namespace: {{@namespace}}
            """.ReplaceLineEndings("\n") + "\n");
        return plugin;
    }

    /// <summary>Waits until the plugin has run at least <paramref name="runs"/> times, asking <paramref name="poke"/> to use the credential meanwhile.</summary>
    public async Task WaitForRunsAsync(int runs, Func<Task> poke, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(poke);
        using var timeout = new CancellationTokenSource(deadline);
        while (Runs < runs)
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"the credential plugin ran {Runs} times, not {runs}, within {deadline.TotalSeconds:0} s");
            }

            await poke();
            await Task.Yield();
        }
    }
}
