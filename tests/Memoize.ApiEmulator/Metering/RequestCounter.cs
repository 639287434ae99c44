using System.Collections.Concurrent;
using Memoize.ApiEmulator.Http;
using Microsoft.AspNetCore.Http;

namespace Memoize.ApiEmulator.Metering;

/// <summary>
/// Counts every request the emulator answers, by verb (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>,
/// <c>update</c>, <c>patch</c>, <c>delete</c>, …), resource (plural, e.g. <c>configmaps</c>; empty for discovery) and
/// status code, as seen from the server's side: retries and conflicting writes each count, whatever the client says.
/// </summary>
public sealed class RequestCounter
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    private readonly ConcurrentDictionary<(string Verb, string Resource, int Status), long> counts = new();

    /// <summary>Requests answered so far.</summary>
    public long Total => counts.Values.Sum();

    /// <summary>Requests matching every filter given: <paramref name="verb"/>, <paramref name="resource"/>, <paramref name="status"/>.</summary>
    public long Count(string? verb = null, string? resource = null, int? status = null) =>
        counts.Where(pair => (verb is null || pair.Key.Verb == verb) && (resource is null || pair.Key.Resource == resource) && (status is null || pair.Key.Status == status))
            .Sum(pair => pair.Value);

    /// <summary>Write requests (create, update, patch, delete, deletecollection) to <paramref name="resource"/> (any when null), whatever their answer.</summary>
    public long Writes(string? resource = null) =>
        counts.Where(pair => WriteVerbs.Contains(pair.Key.Verb) && (resource is null || pair.Key.Resource == resource)).Sum(pair => pair.Value);

    /// <summary>Every count, as (verb, resource, status) to requests.</summary>
    public IReadOnlyDictionary<(string Verb, string Resource, int Status), long> Snapshot() => new Dictionary<(string, string, int), long>(counts);

    /// <summary>Starts counting from zero again.</summary>
    public void Reset() => counts.Clear();

    /// <summary>Middleware: counts the request once its status is known (when the response starts, so an open watch counts at once).</summary>
    internal async Task CountAsync(HttpContext http, RequestDelegate next)
    {
        var (verb, resource) = Classify(http.Request);
        var counted = 0;
        void Record()
        {
            if (Interlocked.Exchange(ref counted, 1) == 0)
            {
                counts.AddOrUpdate((verb, resource, http.Response.StatusCode), 1, (_, value) => value + 1);
            }
        }
        http.Response.OnStarting(() =>
        {
            Record();
            return Task.CompletedTask;
        });
        try
        {
            await next(http).ConfigureAwait(false);
        }
        finally
        {
            Record(); // a request that never started a response (client gone) still happened
        }
    }

    private static (string Verb, string Resource) Classify(HttpRequest request)
    {
        RequestTarget target;
        try
        {
            target = RequestTarget.Parse(request.Path.Value ?? "/");
        }
        catch (Wire.ApiError)
        {
            return (request.Method.ToLowerInvariant(), "");
        }
        var hasName = target.Name.Length > 0;
        var resource = target.Type?.Plural ?? "";
        var verb = request.Method switch
        {
            "GET" => hasName || target.Kind != RequestTargetKind.Resource ? "get" : request.Query["watch"].ToString() is "true" or "1" ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => hasName ? "delete" : "deletecollection",
            var other => other.ToLowerInvariant(),
        };
        return (verb, resource);
    }
}
