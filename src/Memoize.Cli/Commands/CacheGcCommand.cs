using k8s.Models;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.Cli.CacheInspection;
using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize cache gc NAME --not-hit-for 24h [--dry-run] [-n NS] [-o text|json]</c>: deletes entries nobody used for a while.</summary>
public static class CacheGcCommand
{
    /// <summary>The <c>gc</c> command.</summary>
    public static Command Create(ConsoleStreams console, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(clock);
        var options = CacheCommandOptions.ForOneNamespace();
        var name = CacheCommandOptions.ConfigMapNameArgument();
        var notHitFor = NotHitForOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be deleted, without changing anything." };
        var command = new Command(
            "gc",
            "Delete the entries of one cache not hit for longer than --not-hit-for (lastHitTimestamp, else creationTimestamp; "
            + "an entry with neither counts as never hit). Malformed entries are reported and kept. The update is checked against "
            + "the ConfigMap's resourceVersion and retried on a conflict; an entry hit in the meantime is kept.")
        {
            name,
            notHitFor,
            dryRun,
        };
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CacheCommandRunner.RunAsync(console, options, parseResult, async (caches, token) =>
        {
            var cacheName = parseResult.GetValue(name)!;
            var ageText = parseResult.GetValue(notHitFor)!;
            GoDuration.TryParse(ageText, out var age, out _); // the option's validator already refused anything else
            var isDryRun = parseResult.GetValue(dryRun);
            var now = clock.GetUtcNow();
            CacheGarbageCollectionPlan? plan = null;
            var removal = await caches.RemoveEntriesAsync(
                cacheName,
                configMap =>
                {
                    plan = CacheGarbageCollector.Plan(
                        (configMap.Data ?? new Dictionary<string, string>()).ToDictionary(StringComparer.Ordinal), now, age, retention: null, CacheSummary.BinaryData(configMap) is { Count: > 0 });
                    return plan.Operations;
                },
                isDryRun,
                now,
                token).ConfigureAwait(false);
            var report = new GcReport(removal, plan!, ageText, isDryRun);
            if (options.IsJson(parseResult))
            {
                report.WriteJson(console.Out);
            }
            else
            {
                report.WriteText(console.Out);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Option<string> NotHitForOption()
    {
        var option = new Option<string>("--not-hit-for")
        {
            Description = "Delete entries not hit for longer than this Go duration, e.g. 24h, 90m or 1h30m (units ns, us, ms, s, m, h).",
            HelpName = "DURATION",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text is null)
            {
                return;
            }

            if (!GoDuration.TryParse(text, out var age, out var error))
            {
                result.AddError($"invalid --not-hit-for \"{text}\": {error}; write a Go duration such as 24h, 90m or 1h30m (units ns, us, ms, s, m, h; for days write hours, e.g. 168h)");
            }
            else if (age.Nanoseconds <= 0)
            {
                result.AddError($"invalid --not-hit-for \"{text}\": it must be more than zero, e.g. 24h (zero or less would delete every entry)");
            }
        });
        return option;
    }

    /// <summary>What a garbage collection did, in the words of the core's plan.</summary>
    private sealed record GcReport(CacheRemoval Removal, CacheGarbageCollectionPlan Plan, string Age, bool DryRun)
    {
        private string Id => $"{Removal.ConfigMap.Namespace()}/{Removal.ConfigMap.Name()}";

        private IEnumerable<CacheGarbage> Deleted => Plan.Garbage.Where(g => Removal.RemovedKeys.Contains(g.Key));

        public void WriteText(TextWriter output)
        {
            var suffix = DryRun ? " (dry run)" : "";
            foreach (var garbage in Deleted)
            {
                output.WriteLine(garbage.Message + suffix);
            }

            foreach (var key in Plan.MalformedKeys)
            {
                output.WriteLine(
                    $"kept malformed cache entry \"{key}\": Argo cannot read it; fix it, or remove it with: memoize cache rm {Removal.ConfigMap.Name()} {key} -n {Removal.ConfigMap.Namespace()}");
            }

            var total = Removal.RemovedKeys.Count + Plan.RemainingData.Count;
            var entries = total == 1 ? "entry" : "entries";
            var count = Removal.RemovedKeys.Count.ToString(CultureInfo.InvariantCulture);
            var left = Plan.RemainingData.Count.ToString(CultureInfo.InvariantCulture);
            output.WriteLine(DryRun
                ? $"ConfigMap {Id}: would delete {count} of {total} {entries} not hit for {Age}; {left} would be left (dry run)"
                : $"ConfigMap {Id}: deleted {count} of {total} {entries} not hit for {Age}; {left} left");
        }

        public void WriteJson(TextWriter output)
        {
            var deleted = new JsonArray();
            foreach (var garbage in Deleted)
            {
                deleted.Add(new JsonObject
                {
                    ["key"] = garbage.Key,
                    ["reason"] = garbage.Reason.ToString(),
                    ["message"] = garbage.Message,
                });
            }

            CacheJson.Write(output, new JsonObject
            {
                ["namespace"] = Removal.ConfigMap.Namespace(),
                ["configMap"] = Removal.ConfigMap.Name(),
                ["notHitFor"] = Age,
                ["dryRun"] = DryRun,
                ["deleted"] = deleted,
                ["malformed"] = new JsonArray(Plan.MalformedKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
                ["remaining"] = Plan.RemainingData.Count,
                ["conflicts"] = Removal.Conflicts,
            });
        }
    }
}
