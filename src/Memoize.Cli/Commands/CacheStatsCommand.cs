using System.CommandLine;
using Memoize.Cli.CacheInspection;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize cache stats [-n NS | -A] [-o text|json]</c>: totals across the cache ConfigMaps.</summary>
public static class CacheStatsCommand
{
    /// <summary>The <c>stats</c> command.</summary>
    public static Command Create(ConsoleStreams console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var options = CacheCommandOptions.ForAnyNamespaces();
        var command = new Command(
            "stats",
            "Totals across the cache ConfigMaps: how many, entries, bytes, the largest and its share of the 1 MiB limit, "
            + "malformed entries and entries never hit since they were saved.");
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CacheCommandRunner.RunAsync(console, options, parseResult, async (caches, token) =>
        {
            var summaries = (await caches.ListAsync(token).ConfigureAwait(false)).Select(CacheSummary.Of).ToList();
            var statistics = CacheStatistics.Of(summaries);
            if (options.IsJson(parseResult))
            {
                CacheStatisticsWriter.WriteJson(statistics, caches.Namespace, console.Out);
            }
            else
            {
                CacheStatisticsWriter.WriteText(statistics, caches.Namespace, console.Out);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
