using k8s.Models;
using System.CommandLine;
using System.Text.Json.Nodes;
using Memoize.Cli.CacheInspection;
using Memoize.Core.Cache;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize cache rm NAME KEY [--dry-run] [-n NS] [-o text|json]</c>: removes one cache entry.</summary>
public static class CacheRemoveCommand
{
    /// <summary>The <c>rm</c> command.</summary>
    public static Command Create(ConsoleStreams console, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(clock);
        var options = CacheCommandOptions.ForOneNamespace();
        var name = CacheCommandOptions.ConfigMapNameArgument();
        var key = new Argument<string>("KEY") { Description = "The memoization key of the entry to remove." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and say what would be removed, without changing anything." };
        var command = new Command(
            "rm",
            "Remove one cache entry, so the next run of that step runs again. The update is checked against the ConfigMap's "
            + "resourceVersion and retried on a conflict, so concurrent writes by Argo are never lost. "
            + "A ConfigMap without the Cache label is never changed.")
        {
            name,
            key,
            dryRun,
        };
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CacheCommandRunner.RunAsync(console, options, parseResult, async (caches, token) =>
        {
            var cacheName = parseResult.GetValue(name)!;
            var entryKey = parseResult.GetValue(key)!;
            var isDryRun = parseResult.GetValue(dryRun);
            var removal = await caches.RemoveEntriesAsync(
                cacheName,
                configMap => configMap.Data?.ContainsKey(entryKey) == true
                    ? [new RemoveOperation(entryKey)]
                    : throw new CacheCommandFailure(
                        MemoizeCommandLine.ExitNotFoundOrRefused,
                        $"cache entry \"{entryKey}\" not found in ConfigMap {configMap.Namespace()}/{configMap.Name()}"),
                isDryRun,
                clock.GetUtcNow(),
                token).ConfigureAwait(false);
            var configMap = removal.ConfigMap;
            if (options.IsJson(parseResult))
            {
                CacheJson.Write(console.Out, new JsonObject
                {
                    ["namespace"] = configMap.Namespace(),
                    ["configMap"] = configMap.Name(),
                    ["dryRun"] = isDryRun,
                    ["removed"] = new JsonArray(removal.RemovedKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
                    ["conflicts"] = removal.Conflicts,
                });
            }
            else
            {
                console.Out.WriteLine(
                    $"removed cache entry \"{entryKey}\" from ConfigMap {configMap.Namespace()}/{configMap.Name()}{(isDryRun ? " (dry run)" : "")}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
