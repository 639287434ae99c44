using System.Diagnostics;
using k8s;
using k8s.KubeConfigModels;

namespace Memoize.Kubernetes.Config;

/// <summary>
/// The kubeconfig user's exec credential plugin failed: the message names the command, its exit code and the first line it wrote to
/// standard error. The configuration was read, but no credentials came of it, so the programs treat it as a cluster failure.
/// </summary>
public sealed class CredentialPluginException : ClusterConfigurationException
{
    private static readonly TimeSpan DiagnosisTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates the exception with a message a person can act on.</summary>
    public CredentialPluginException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The one-line failure of <paramref name="exec"/> for the user at <paramref name="where"/>. The package's message carries
    /// neither the exit code nor a single stderr line, so the plugin is started once more (the same way the package starts it) to learn them.
    /// </summary>
    internal static CredentialPluginException From(ExternalExecution exec, string where, Exception packageError)
    {
        var command = string.Join(' ', new[] { exec.Command }.Concat(exec.Arguments ?? []));
        var (exitCode, stderr) = Diagnose(exec);
        var outcome = exitCode switch
        {
            null => "could not be run",
            0 => "exited 0 without a usable ExecCredential",
            _ => $"exited with code {exitCode}",
        };
        var detail = !string.IsNullOrEmpty(stderr) ? stderr : FirstLine(packageError.Message);
        return new CredentialPluginException($"{where}: the exec credential plugin \"{command}\" {outcome}: {detail}", packageError);
    }

    private static (int? ExitCode, string? FirstStderrLine) Diagnose(ExternalExecution exec)
    {
        try
        {
            using var process = KubernetesClientConfiguration.CreateRunnableExternalProcess(exec, (_, _) => { });
            process.Start();
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(DiagnosisTimeout))
            {
                process.Kill(entireProcessTree: true);
                return (null, $"no answer within {DiagnosisTimeout.TotalSeconds:0} s");
            }

            return (process.ExitCode, FirstLine(stderr.GetAwaiter().GetResult()));
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return (null, FirstLine(ex.Message));
        }
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                return line.Trim();
            }
        }

        return "";
    }
}
