using Memoize.ApiEmulator.Storage;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Faults;

/// <summary>
/// Failures a test switches on to exercise a client's error handling: added latency, the next requests answered
/// 429/500/503/504, forced resourceVersion conflicts, dropped watch streams and compaction.
/// Every switch stays until used up or <see cref="Clear"/>.
/// </summary>
public sealed class FaultInjection
{
    private readonly Lock gate = new();
    private readonly ObjectStore store;
    private readonly List<PlannedFailure> failures = [];
    private readonly List<PlannedConflict> conflicts = [];
    private readonly HashSet<string> firstWritesSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> firstWriteResources = new(StringComparer.Ordinal);

    internal FaultInjection(ObjectStore store)
    {
        this.store = store;
    }

    /// <summary>Extra delay before every request is handled (zero: none).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The Retry-After seconds sent with injected 429 answers.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Answers the next <paramref name="count"/> requests (only those with this verb and/or resource when given)
    /// with <paramref name="statusCode"/>: 429 (plain text + Retry-After, like priority and fairness), 500, 503 or 504.
    /// </summary>
    /// <param name="count">How many requests fail.</param>
    /// <param name="statusCode">429, 500, 503 or 504.</param>
    /// <param name="verb">Only requests with this Kubernetes verb (get, list, watch, create, update, patch, delete), or any.</param>
    /// <param name="resource">Only requests for this resource (e.g. <c>configmaps</c>), or any.</param>
    /// <param name="message">The error text for 500/503 (a default otherwise).</param>
    public void FailNext(int count, int statusCode, string? verb = null, string? resource = null, string? message = null)
    {
        if (statusCode is not (429 or 500 or 503 or 504))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "FailNext supports 429, 500, 503 and 504.");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (gate)
        {
            failures.Add(new PlannedFailure(count, statusCode, verb, resource, message));
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> updates (PUT; PATCH too with <paramref name="includePatches"/>)
    /// of <paramref name="resource"/> (any when null) with the real 409 Conflict, as if someone else had just written.
    /// </summary>
    public void ConflictNextUpdates(int count, string? resource = null, bool includePatches = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (gate)
        {
            conflicts.Add(new PlannedConflict(count, resource, includePatches));
        }
    }

    /// <summary>
    /// Answers the first update (PUT or PATCH) of every version of every <paramref name="resource"/> object with a 409
    /// Conflict, as if someone always wrote just before: only a client that re-reads and retries gets through.
    /// </summary>
    public void ConflictEveryFirstWrite(string resource)
    {
        lock (gate)
        {
            firstWriteResources.Add(resource);
        }
    }

    /// <summary>Ends every open watch stream now: a clean end of the response, or a connection reset with <paramref name="resetConnections"/>.</summary>
    public void DropWatches(bool resetConnections = false) => store.DropWatches(resetConnections);

    /// <summary>
    /// Holds back watch events of <paramref name="resource"/> (e.g. <c>configmaps</c>) until
    /// <see cref="ReleaseWatchEvents"/>: a watch that lags behind writes already stored and readable, as a slow or
    /// reconnecting watch does. Not turned off by <see cref="Clear"/>.
    /// </summary>
    public void HoldWatchEvents(string resource) => store.HoldWatchEvents(resource);

    /// <summary>Delivers the held watch events of <paramref name="resource"/> in order and stops holding them.</summary>
    public void ReleaseWatchEvents(string resource) => store.ReleaseWatchEvents(resource);

    /// <summary>Compacts history: open watches get a 410 Expired ERROR event, and watches from older revisions will too.</summary>
    public void Compact() => store.Compact();

    /// <summary>Turns every switch off (latency, pending failures and conflicts).</summary>
    public void Clear()
    {
        lock (gate)
        {
            failures.Clear();
            conflicts.Clear();
            firstWriteResources.Clear();
            firstWritesSeen.Clear();
            Latency = TimeSpan.Zero;
        }
    }

    /// <summary>The injected failure for this request, if one is planned (and uses it up).</summary>
    internal ApiError? TakeFailure(string verb, string resource)
    {
        lock (gate)
        {
            var planned = failures.FirstOrDefault(f => (f.Verb is null || f.Verb == verb) && (f.Resource is null || f.Resource == resource));
            if (planned is null)
            {
                return null;
            }
            planned.Remaining--;
            if (planned.Remaining == 0)
            {
                failures.Remove(planned);
            }
            return planned.StatusCode switch
            {
                429 => ApiError.TooManyRequests(RetryAfterSeconds),
                500 => ApiError.Internal(planned.Message ?? "injected fault: the emulator was told to fail this request"),
                503 => ApiError.ServiceUnavailable(planned.Message ?? "the server is currently unable to handle the request"),
                _ => ApiError.Timeout("Timeout: request did not complete within requested timeout - context deadline exceeded", 0),
            };
        }
    }

    /// <summary>True when this update must be answered with a forced conflict (and uses it up).</summary>
    internal bool TakeConflict(string verb, string resource)
    {
        lock (gate)
        {
            var planned = conflicts.FirstOrDefault(c => (verb == "update" || (verb == "patch" && c.IncludePatches)) && (c.Resource is null || c.Resource == resource));
            if (planned is null)
            {
                return false;
            }
            planned.Remaining--;
            if (planned.Remaining == 0)
            {
                conflicts.Remove(planned);
            }
            return true;
        }
    }

    /// <summary>True when this is the first update of this object at this version and first-write conflicts are on for its resource.</summary>
    internal bool TakeFirstWriteConflict(string resource, string key, long resourceVersion)
    {
        lock (gate)
        {
            return firstWriteResources.Contains(resource) && firstWritesSeen.Add(FormattableString.Invariant($"{resource}/{key}@{resourceVersion}"));
        }
    }

    private sealed class PlannedFailure(int count, int statusCode, string? verb, string? resource, string? message)
    {
        public int Remaining { get; set; } = count;
        public int StatusCode { get; } = statusCode;
        public string? Verb { get; } = verb;
        public string? Resource { get; } = resource;
        public string? Message { get; } = message;
    }

    private sealed class PlannedConflict(int count, string? resource, bool includePatches)
    {
        public int Remaining { get; set; } = count;
        public string? Resource { get; } = resource;
        public bool IncludePatches { get; } = includePatches;
    }
}
