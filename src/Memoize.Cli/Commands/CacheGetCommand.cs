using k8s.Models;
using System.CommandLine;
using Memoize.Cli.CacheInspection;
using Memoize.Core.Cache;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize cache get NAME KEY [-n NS] [-o text|json]</c>: one cache entry, as stored and as Argo reads it.</summary>
public static class CacheGetCommand
{
    /// <summary>The <c>get</c> command.</summary>
    public static Command Create(ConsoleStreams console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var options = CacheCommandOptions.ForOneNamespace();
        var name = CacheCommandOptions.ConfigMapNameArgument();
        var key = new Argument<string>("KEY") { Description = "The memoization key (the data key of the entry)." };
        var command = new Command(
            "get",
            "Print one cache entry: indented JSON as stored, or with -o json an object with the raw value and the fields Argo reads. "
            + "A malformed entry, or a ConfigMap without the Cache label, is reported with Argo's own text and exits 1.")
        {
            name,
            key,
        };
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CacheCommandRunner.RunAsync(console, options, parseResult, async (caches, token) =>
        {
            var cacheName = parseResult.GetValue(name)!;
            var entryKey = parseResult.GetValue(key)!;
            var configMap = await caches.GetAsync(cacheName, token).ConfigureAwait(false);
            var id = $"{configMap.Namespace()}/{configMap.Name()}";

            // Reading is harmless, so an unlabelled ConfigMap is still shown; but Argo would refuse it, and so does the exit code.
            var notACache = CacheConfigMaps.NotACacheMessage(configMap);
            if (!(configMap.Data ?? new Dictionary<string, string>()).TryGetValue(entryKey, out var value))
            {
                if (notACache is not null)
                {
                    console.Error.WriteLine($"memoize: {notACache}");
                }

                throw new CacheCommandFailure(MemoizeCommandLine.ExitNotFoundOrRefused, $"cache entry \"{entryKey}\" not found in ConfigMap {id}");
            }

            if (value.Length == 0)
            {
                throw new CacheCommandFailure(
                    MemoizeCommandLine.ExitNotFoundOrRefused,
                    $"cache entry \"{entryKey}\" in ConfigMap {id} is empty: Argo treats it as a miss");
            }

            var read = CacheEntryCodec.Read(value);
            if (options.IsJson(parseResult))
            {
                CacheEntryWriter.WriteJson(configMap.Namespace(), configMap.Name(), entryKey, value, read, console.Out);
            }
            else if (!read.IsMalformed)
            {
                CacheEntryWriter.WriteText(value, console.Out);
            }

            if (read.IsMalformed)
            {
                console.Error.WriteLine($"memoize: cache entry \"{entryKey}\" in ConfigMap {id}: {read.Error}");
            }

            if (notACache is not null)
            {
                console.Error.WriteLine($"memoize: {notACache}");
            }

            return read.IsMalformed || notACache is not null ? MemoizeCommandLine.ExitNotFoundOrRefused : 0;
        }, cancellationToken));
        return command;
    }
}
