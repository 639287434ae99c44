using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Audit;

/// <summary>One write the emulator stored, as an audit log would show it: what, by whom, when, and the object after it.</summary>
/// <param name="Verb">The request's Kubernetes verb: create, update, patch or delete.</param>
/// <param name="Group">The API group (empty for the core group).</param>
/// <param name="Resource">The resource, plural (e.g. <c>configmaps</c>, <c>leases</c>).</param>
/// <param name="Namespace">The object's namespace (empty for cluster-scoped objects).</param>
/// <param name="Name">The object's name.</param>
/// <param name="ResourceVersion">The revision the write produced; writes of every kind are ordered by it.</param>
/// <param name="Time">When it was stored, by the emulator's clock.</param>
/// <param name="User">The authenticated user who sent it.</param>
/// <param name="UserAgent">The request's User-Agent header, if any.</param>
/// <param name="Json">The object as stored after the write (for a delete, its last state).</param>
public sealed record RecordedWrite(
    string Verb,
    string Group,
    string Resource,
    string Namespace,
    string Name,
    long ResourceVersion,
    DateTimeOffset Time,
    string User,
    string? UserAgent,
    string Json)
{
    /// <summary>A fresh mutable copy of the object after the write.</summary>
    public JsonObject Object => (JsonObject)JsonNode.Parse(Json)!;

    /// <summary>One line for failure messages and ordering logs: <c>rv 12 update configmaps argo/cache by replica-a</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"rv {ResourceVersion} {Verb} {Resource} {(Namespace.Length > 0 ? Namespace + "/" : "")}{Name} by {User}");
}
