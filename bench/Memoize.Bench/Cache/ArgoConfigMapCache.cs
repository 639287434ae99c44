using k8s.Models;
using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;

namespace Memoize.Bench.Cache;

/// <summary>
/// A faithful model of the calls Argo's workflow controller makes for one cache ConfigMap (SPEC.md §4, §5):
/// a lookup is a GET and, on a parseable entry, an UPDATE of lastHitTimestamp; a save is a GET, a CREATE of a bare
/// ConfigMap when missing, then an UPDATE with the Cache label and the entry. A conflict is retried up to 5 times
/// with a 1 s doubling backoff (scaled by <paramref name="backoffScale"/>); a save that still fails is lost.
/// With <paramref name="serialized"/> every call holds one lock per cache, as one controller process reusing one
/// cache object would (Argo's configMapCache has such a mutex); without it, 200 nodes really race.
/// </summary>
public sealed class ArgoConfigMapCache(ConfigMapClient client, string @namespace, string name, bool serialized, double backoffScale)
{
    private const int Retries = 5;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Lookups whose lastHitTimestamp UPDATE failed after every retry (Argo errors the node).</summary>
    public int FailedLookups;

    /// <summary>Saves that failed after every retry: the entry is lost.</summary>
    public int FailedSaves;

    /// <summary>Argo's Load: true on a hit (an entry with a nodeID).</summary>
    public Task<bool> LookupAsync(string key) => WithRetriesAsync(async () =>
    {
        var configMap = await client.TryGetAsync(@namespace, name).ConfigureAwait(false);
        if (configMap?.Data is null || !configMap.Data.TryGetValue(key, out var raw) || raw.Length == 0)
        {
            return false;
        }
        var entry = JsonNode.Parse(raw)!.AsObject();
        entry["lastHitTimestamp"] = Now();
        configMap.Data[key] = entry.ToJsonString();
        await client.UpdateAsync(configMap).ConfigureAwait(false);
        return entry["nodeID"]?.GetValue<string>() is { Length: > 0 };
    }, () => Interlocked.Increment(ref FailedLookups), false);

    /// <summary>Argo's Save of a fresh entry for <paramref name="key"/>.</summary>
    public Task<bool> SaveAsync(string key, string nodeId, JsonNode outputs) => WithRetriesAsync(async () =>
    {
        var configMap = await client.TryGetAsync(@namespace, name).ConfigureAwait(false)
            ?? await client.CreateAsync(ConfigMapClient.New(@namespace, name)).ConfigureAwait(false); // bare: no label, no data
        configMap.Metadata.Labels = new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = "Cache" };
        configMap.Data ??= new Dictionary<string, string>();
        var now = Now();
        configMap.Data[key] = new JsonObject { ["nodeID"] = nodeId, ["outputs"] = outputs.DeepClone(), ["creationTimestamp"] = now, ["lastHitTimestamp"] = now }.ToJsonString();
        await client.UpdateAsync(configMap).ConfigureAwait(false);
        return true;
    }, () => Interlocked.Increment(ref FailedSaves), false);

    private async Task<bool> WithRetriesAsync(Func<Task<bool>> call, Action gaveUp, bool failed)
    {
        var backoff = TimeSpan.FromSeconds(backoffScale);
        for (var attempt = 0; ; attempt++)
        {
            if (serialized)
            {
                await gate.WaitAsync().ConfigureAwait(false);
            }
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConflictException or AlreadyExistsException && attempt < Retries)
            {
                // retried below, after the backoff
            }
            catch (Exception ex) when (ex is ConflictException or AlreadyExistsException)
            {
                gaveUp();
                return failed;
            }
            finally
            {
                if (serialized)
                {
                    gate.Release();
                }
            }
            await Task.Delay(backoff).ConfigureAwait(false);
            backoff *= 2;
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
