using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Storage;

/// <summary>
/// One object as stored: immutable, kept as its serialized JSON so readers never share mutable nodes,
/// with the fields selectors need pulled out.
/// </summary>
internal sealed record StoredObject(
    ResourceType Type,
    string Namespace,
    string Name,
    long ResourceVersion,
    string Json,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The store key: <c>namespace/name</c> (namespace empty for cluster-scoped objects).</summary>
    public string Key => StoreKey(Namespace, Name);

    /// <summary>A fresh mutable copy of the object.</summary>
    public JsonObject ToJson() => (JsonObject)WireJson.Parse(Json)!;

    /// <summary>metadata.uid.</summary>
    public string Uid => WireJson.GetString(WireJson.GetObject(ToJson(), "metadata"), "uid") ?? "";

    /// <summary>Freezes <paramref name="obj"/> (already arranged) as a stored object.</summary>
    public static StoredObject From(ResourceType type, JsonObject obj, long resourceVersion)
    {
        var metadata = WireJson.GetObject(obj, "metadata");
        return new StoredObject(
            type,
            WireJson.GetString(metadata, "namespace") ?? "",
            WireJson.GetString(metadata, "name") ?? "",
            resourceVersion,
            WireJson.Serialize(obj),
            WireJson.GetStringMap(metadata, "labels"));
    }

    /// <summary>The store key for a namespace and name.</summary>
    public static string StoreKey(string? @namespace, string name) => $"{@namespace ?? ""}/{name}";
}
