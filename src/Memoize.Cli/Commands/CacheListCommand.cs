using System.CommandLine;
using Memoize.Cli.CacheInspection;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize cache ls [-n NS | -A] [-o text|json]</c>: every cache ConfigMap with its entries, size and ages.</summary>
public static class CacheListCommand
{
    /// <summary>The <c>ls</c> command.</summary>
    public static Command Create(ConsoleStreams console, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(clock);
        var options = CacheCommandOptions.ForAnyNamespaces();
        var command = new Command(
            "ls",
            "List the cache ConfigMaps: entries, size and share of the 1 MiB ConfigMap limit, malformed entries, "
            + "age of the oldest entry and of the last hit.");
        command.Aliases.Add("list");
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CacheCommandRunner.RunAsync(console, options, parseResult, async (caches, token) =>
        {
            var summaries = (await caches.ListAsync(token).ConfigureAwait(false)).Select(CacheSummary.Of).ToList();
            if (options.IsJson(parseResult))
            {
                CacheListWriter.WriteJson(summaries, console.Out);
            }
            else if (summaries.Count == 0)
            {
                var where = caches.Namespace is null ? "" : $" in {caches.Namespace} namespace";
                console.Error.WriteLine(
                    $"No cache ConfigMaps found{where} (looked for the label {CacheConfigMaps.LabelSelector}"
                    + (caches.Namespace is null ? ")." : "; use -A to look in every namespace)."));
            }
            else
            {
                CacheListWriter.WriteTable(summaries, console.Out, clock.GetUtcNow(), withNamespace: caches.Namespace is null, console.Colour);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
