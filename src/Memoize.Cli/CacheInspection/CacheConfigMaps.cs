using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;

namespace Memoize.Cli.CacheInspection;

/// <summary>
/// The cache ConfigMaps of one namespace (or all): list them by label, read one, and remove entries from one with a
/// resourceVersion-checked update that is retried on a conflict. Never writes a ConfigMap without the Cache label.
/// </summary>
/// <param name="configMaps">The ConfigMap calls.</param>
/// <param name="namespace">The namespace to work in; null for all namespaces (listing only).</param>
public sealed class CacheConfigMaps(ConfigMapClient configMaps, string? @namespace)
{
    /// <summary>How many times a removal is tried when the ConfigMap keeps changing under it (409 Conflict).</summary>
    public const int MaxUpdateAttempts = 5;

    /// <summary>The label selector that finds caches: <c>workflows.argoproj.io/configmap-type=Cache</c>.</summary>
    public const string LabelSelector = CacheLabel.Key + "=" + CacheLabel.CacheValue;

    // Removals only shrink a ConfigMap, so a budget of the whole limit never evicts anything.
    private static readonly CacheBudget WholeLimit = new(CacheBudget.ConfigMapLimitBytes);

    /// <summary>The namespace worked in; null for all namespaces.</summary>
    public string? Namespace => @namespace;

    /// <summary>Every ConfigMap labelled as a cache, ordered by namespace and name.</summary>
    public async Task<IReadOnlyList<V1ConfigMap>> ListAsync(CancellationToken cancellationToken)
    {
        var items = await configMaps.ListAsync(@namespace, LabelSelector, cancellationToken).ConfigureAwait(false);
        return items
            .OrderBy(item => item.Namespace(), StringComparer.Ordinal)
            .ThenBy(item => item.Name(), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads the ConfigMap <paramref name="name"/>, labelled or not.</summary>
    /// <exception cref="CacheCommandFailure">It does not exist (exit code 1).</exception>
    public async Task<V1ConfigMap> GetAsync(string name, CancellationToken cancellationToken)
    {
        var ns = RequireNamespace();
        try
        {
            return await configMaps.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            throw new CacheCommandFailure(
                MemoizeCommandLine.ExitNotFoundOrRefused,
                $"ConfigMap {ns}/{name} not found; list the caches with: memoize cache ls -n {ns}");
        }
    }

    /// <summary>
    /// Removes the entries <paramref name="decide"/> picks from the cache <paramref name="name"/>: read, check the label,
    /// decide on what was read, update with its resourceVersion; on a 409 Conflict read again and decide again.
    /// With <paramref name="dryRun"/> nothing is written and the keys that would go are returned.
    /// </summary>
    /// <param name="name">The ConfigMap's name.</param>
    /// <param name="decide">Picks the removals from the ConfigMap as just read; may throw <see cref="CacheCommandFailure"/>.</param>
    /// <param name="dryRun">Decide but do not write.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="CacheCommandFailure">Not found, not a cache (exit 1), or still conflicting after <see cref="MaxUpdateAttempts"/> attempts (exit 3).</exception>
    public async Task<CacheRemoval> RemoveEntriesAsync(
        string name,
        Func<V1ConfigMap, IReadOnlyList<RemoveOperation>> decide,
        bool dryRun,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var configMap = await GetAsync(name, cancellationToken).ConfigureAwait(false);
            RequireCache(configMap);
            var operations = decide(configMap);
            var plan = CacheWritePlan.Compute((configMap.Data ?? new Dictionary<string, string>()).ToDictionary(StringComparer.Ordinal), operations, now, WholeLimit);
            var removed = plan.OfKind(CacheWriteOutcomeKind.Removed).Select(outcome => outcome.Key).ToList();
            if (dryRun || removed.Count == 0)
            {
                return new CacheRemoval(configMap, removed, attempt - 1);
            }

            foreach (var key in removed)
            {
                configMap.Data?.Remove(key);
            }

            try
            {
                var stored = await configMaps.UpdateAsync(configMap, cancellationToken).ConfigureAwait(false);
                return new CacheRemoval(stored, removed, attempt - 1);
            }
            catch (ConflictException) when (attempt < MaxUpdateAttempts)
            {
                // Someone wrote the ConfigMap since it was read (Argo saving or touching an entry): read it again and decide again.
            }
            catch (NotFoundException)
            {
                throw new CacheCommandFailure(
                    MemoizeCommandLine.ExitNotFoundOrRefused,
                    $"ConfigMap {configMap.Namespace()}/{name} was deleted while it was being updated; nothing was removed");
            }
            catch (ConflictException)
            {
                throw new CacheCommandFailure(
                    MemoizeCommandLine.ExitClusterFailure,
                    $"ConfigMap {configMap.Namespace()}/{name} changed during each of {MaxUpdateAttempts} attempts to update it (409 Conflict): "
                    + "something is writing to it right now; nothing was removed, try again");
            }
        }
    }

    /// <summary>Refuses a ConfigMap that is not labelled as a cache, with Argo's own refusal text and how to fix it.</summary>
    /// <exception cref="CacheCommandFailure">It is not labelled <c>workflows.argoproj.io/configmap-type: Cache</c> (exit code 1).</exception>
    public static void RequireCache(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        if (NotACacheMessage(configMap) is { } message)
        {
            throw new CacheCommandFailure(MemoizeCommandLine.ExitNotFoundOrRefused, message);
        }
    }

    /// <summary>Why <paramref name="configMap"/> is not a cache (Argo's refusal and the fix), or null when it is one.</summary>
    public static string? NotACacheMessage(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var check = CacheLabel.Check(configMap.Metadata?.Labels?.ToDictionary(StringComparer.Ordinal));
        if (check.IsCache)
        {
            return null;
        }

        var (ns, name) = (configMap.Namespace(), configMap.Name());
        var id = $"{ns}/{name}";
        var label = $"{CacheLabel.Key}={CacheLabel.CacheValue}";
        var hint = check.Status == CacheLabelStatus.Missing
            ? $"if it is meant to be a cache, label it: kubectl label configmap {name} -n {ns} {label}"
            : check.IsOtherArgoConfigMap
                ? $"it is labelled as Argo's {check.Value} ConfigMap, which memoize never changes"
                : $"if it is meant to be a cache, relabel it: kubectl label configmap {name} -n {ns} --overwrite {label}";
        return $"ConfigMap {id} is not a memoization cache: {check.Message}; {hint}";
    }

    private string RequireNamespace() =>
        @namespace ?? throw new InvalidOperationException("a single cache ConfigMap needs a namespace, not --all-namespaces");
}
