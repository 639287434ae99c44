using System.CommandLine;
using Memoize.Cli.CacheInspection;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Resources;

namespace Memoize.Cli.Commands;

/// <summary>Runs a cache command's work against the selected cluster and turns every known failure into one line on standard error and an exit code.</summary>
public static class CacheCommandRunner
{
    /// <summary>Reads are retried less than in the long-running services: a person is waiting.</summary>
    public static RetryPolicy RetryPolicy { get; } = RetryPolicy.Default with { MaxAttempts = 3 };

    /// <summary>Connects as the flags say, then runs <paramref name="work"/> on the cache ConfigMaps of the chosen namespace (or all).</summary>
    public static async Task<int> RunAsync(
        ConsoleStreams console,
        CacheCommandOptions options,
        ParseResult parseResult,
        Func<CacheConfigMaps, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(work);
        string? @namespace = null;
        try
        {
            var target = options.Selection(parseResult).Resolve();
            @namespace = options.IsAllNamespaces(parseResult) ? null : target.Namespace;
            using var api = new KubernetesApiClient(target.Connection, RetryPolicy);
            return await work(new CacheConfigMaps(new ConfigMapClient(api), @namespace), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CacheCommandErrors.Describe(e, @namespace) is { } failure)
        {
            console.Error.WriteLine($"memoize: {failure.Message}");
            return failure.ExitCode;
        }
    }
}
