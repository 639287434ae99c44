using System.Collections;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Hosting;

/// <summary>The command line: reads flags, finds the cluster, checks it answers, then runs the reconciler until stopped.</summary>
public static class ReconcilerCommand
{
    private const string Name = "memoize-reconciler";

    /// <summary>Runs the reconciler; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        TextWriter output,
        TextWriter error,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await output.WriteAsync(ReconcilerOptions.HelpText).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        if (!ReconcilerOptions.TryParse(args, environment, out var options, out var problem))
        {
            await error.WriteLineAsync($"{Name}: {problem}").ConfigureAwait(false);
            return ExitCodes.BadFlag;
        }

        ClusterConnection connection;
        try
        {
            connection = ClusterConnection.Select(options.Kubeconfig, options.Context);
        }
        catch (ClusterConfigurationException ex)
        {
            await error.WriteLineAsync($"{Name}: no cluster to reach: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.NoCluster;
        }

        if (await ProbeAsync(connection, options, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            await error.WriteLineAsync($"{Name}: no cluster to reach: {unreachable}").ConfigureAwait(false);
            return ExitCodes.NoCluster;
        }

        await using var host = ReconcilerHost.Create(options, connection, loggers);
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (IOException ex)
        {
            // e.g. the metrics address is taken
            await error.WriteLineAsync($"{Name}: cannot serve metrics on {options.MetricsAddress}: {ex.Message}; choose another --metrics-address").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal);

    // One quick request (no retries) so a missing or unreachable cluster is one clear line, not a stream of retries.
    private static async Task<string?> ProbeAsync(ClusterConnection connection, ReconcilerOptions options, CancellationToken cancellationToken)
    {
        using var api = new KubernetesApiClient(connection, RetryPolicy.None) { RequestTimeout = TimeSpan.FromSeconds(10) };
        try
        {
            await new LeaseClient(api).TryGetAsync(options.EffectiveLeaseNamespace, options.LeaseName, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ServerUnreachableException ex)
        {
            return $"{ex.Message} (configuration: {connection.Source}); check that the cluster is running and KUBECONFIG or --kubeconfig points to it";
        }
        catch (UnauthorizedException ex)
        {
            return $"the Kubernetes API server {connection.Server} refused the credentials of {connection.Source}: {ex.Message}";
        }
        catch (KubernetesApiException)
        {
            return null; // it answered (e.g. 403): reachable; RBAC problems are reported as they happen
        }
    }
}
