using System.CommandLine;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize cache ls|get|rm|gc|stats</c>: look into and maintain Argo's memoization cache ConfigMaps.</summary>
public static class CacheCommand
{
    /// <summary>The exit codes every cache command uses, for the help text (said once, on <c>memoize cache</c>).</summary>
    public const string ExitCodes =
        "Exit code: 0 done, 1 not found or refused (e.g. a ConfigMap without the Cache label), 2 usage or configuration error, "
        + "3 cluster unreachable or the API server failed the request.";

    /// <summary>The <c>cache</c> command with its subcommands; <paramref name="clock"/> dates ages and garbage collection.</summary>
    public static Command Create(ConsoleStreams console, TimeProvider clock) =>
        new(
            "cache",
            "Inspect and maintain memoization caches: ConfigMaps labelled workflows.argoproj.io/configmap-type=Cache. "
            + "Connects like kubectl (--kubeconfig, --context, -n). " + ExitCodes)
        {
            CacheListCommand.Create(console, clock),
            CacheGetCommand.Create(console),
            CacheRemoveCommand.Create(console, clock),
            CacheGcCommand.Create(console, clock),
            CacheStatsCommand.Create(console),
        };
}
