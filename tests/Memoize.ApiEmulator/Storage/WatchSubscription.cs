using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Storage;

/// <summary>
/// One open watch: the events it should see, already rendered as kube-apiserver's newline-delimited
/// <c>{"type":...,"object":...}</c> lines, queued in order for the HTTP response to stream.
/// </summary>
internal sealed class WatchSubscription
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<StoredObject, bool> matches;
    private List<string>? held;

    /// <summary>Creates a watch on <paramref name="type"/> that sees objects accepted by <paramref name="matches"/>.</summary>
    public WatchSubscription(ResourceType type, Func<StoredObject, bool> matches, bool allowBookmarks)
    {
        Type = type;
        this.matches = matches;
        AllowBookmarks = allowBookmarks;
    }

    /// <summary>The watched resource.</summary>
    public ResourceType Type { get; }

    /// <summary>True when the client asked for BOOKMARK events.</summary>
    public bool AllowBookmarks { get; }

    /// <summary>The resourceVersion of the last event queued (what a client would resume from).</summary>
    public long LastResourceVersion { get; set; }

    /// <summary>True when the stream must end by resetting the connection rather than closing it cleanly.</summary>
    public bool AbortConnection { get; private set; }

    /// <summary>The queued lines; completes when the watch ends.</summary>
    public ChannelReader<string> Reader => lines.Reader;

    /// <summary>Queues the event(s) a write produces for this watch, with the selector transitions kube-apiserver applies.</summary>
    public void Offer(StoredChange change)
    {
        if (change.Current.Type != Type)
        {
            return;
        }
        var now = matches(change.Current);
        var before = change.Previous is not null && matches(change.Previous);
        var eventType = change.EventType switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => now || before ? "DELETED" : null,
            _ => (before, now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
        };
        LastResourceVersion = change.ResourceVersion;
        if (eventType is not null)
        {
            Write(eventType, change.Current.Json);
        }
    }

    /// <summary>Queues a synthetic ADDED for an object that existed when the watch started.</summary>
    public void OfferExisting(StoredObject obj)
    {
        if (obj.Type == Type && matches(obj))
        {
            Write("ADDED", obj.Json);
        }
    }

    /// <summary>Queues a BOOKMARK carrying <paramref name="resourceVersion"/> when the client allowed bookmarks.</summary>
    public void OfferBookmark(long resourceVersion)
    {
        if (!AllowBookmarks)
        {
            return;
        }
        var rv = resourceVersion.ToString(CultureInfo.InvariantCulture);
        JsonObject bookmark = Type.IsCustomResource
            ? new JsonObject { ["apiVersion"] = Type.ApiVersion, ["kind"] = Type.Kind, ["metadata"] = new JsonObject { ["resourceVersion"] = rv } }
            : new JsonObject
            {
                ["kind"] = Type.Kind,
                ["apiVersion"] = Type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = rv, ["creationTimestamp"] = null },
            };
        LastResourceVersion = resourceVersion;
        Write("BOOKMARK", WireJson.Serialize(bookmark));
    }

    /// <summary>Ends the watch with one ERROR event carrying a 410 Expired Status, like a watch from a compacted revision.</summary>
    public void Expire(string message)
    {
        var status = ApiError.BuildStatus("Failure", message, "Expired", null, 410);
        held = null;
        Write("ERROR", WireJson.Serialize(status));
        End(abort: false);
    }

    /// <summary>Ends the stream; with <paramref name="abort"/> the connection is reset instead of closed cleanly.</summary>
    public void End(bool abort)
    {
        AbortConnection |= abort;
        held = null; // never seen by the client: a new watch from its last resourceVersion replays them
        lines.Writer.TryComplete();
    }

    /// <summary>Keeps every later event back (in order) until <see cref="Release"/>: a watch that lags behind the store.</summary>
    public void Hold() => held ??= [];

    /// <summary>Sends the events held back, in order, and stops holding.</summary>
    public void Release()
    {
        var pending = held;
        held = null;
        foreach (var line in pending ?? [])
        {
            lines.Writer.TryWrite(line);
        }
    }

    private void Write(string eventType, string objectJson)
    {
        var line = $"{{\"type\":\"{eventType}\",\"object\":{objectJson}}}\n";
        if (held is not null)
        {
            held.Add(line);
            return;
        }
        lines.Writer.TryWrite(line);
    }
}
