using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;

namespace Memoize.Cli.CacheInspection;

/// <summary>Turns what can go wrong in a cache command into one line for standard error and an exit code; never a stack trace.</summary>
public static class CacheCommandErrors
{
    /// <summary>The exit code after Ctrl+C, as shells report a process ended by SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The message (without the <c>memoize: </c> prefix) and exit code for <paramref name="error"/>, or null when it is not a known failure.</summary>
    /// <param name="error">What was thrown.</param>
    /// <param name="namespace">The namespace the command worked in (null for all namespaces), for permission hints.</param>
    public static (string Message, int ExitCode)? Describe(Exception error, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = @namespace is null ? "in all namespaces (a ClusterRole)" : $"in namespace {@namespace}";
        return error switch
        {
            CacheCommandFailure failure => (failure.Message, failure.ExitCode),
            CredentialPluginException plugin => (plugin.Message, MemoizeCommandLine.ExitClusterFailure),
            ClusterConfigurationException configuration => (configuration.Message, MemoizeCommandLine.ExitUsage),
            ServerUnreachableException unreachable => (unreachable.Message, MemoizeCommandLine.ExitClusterFailure),
            UnauthorizedException unauthorized =>
                ($"the Kubernetes API server did not accept the credentials: {unauthorized.Message}; check the user of your kubeconfig context (is the token expired?)",
                    MemoizeCommandLine.ExitClusterFailure),
            ForbiddenException forbidden =>
                ($"{forbidden.Message}; the cache commands need get and list (ls, stats, get) and update (rm, gc) on configmaps {where}",
                    MemoizeCommandLine.ExitClusterFailure),
            OperationCanceledException => ("interrupted", InterruptedExitCode),
            KubernetesApiException api =>
                ($"the Kubernetes API server answered {(int)api.HttpStatusCode} {api.Reason}: {api.Message}", MemoizeCommandLine.ExitClusterFailure),
            _ => null,
        };
    }
}
