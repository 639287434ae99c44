using System.Text.Json.Nodes;
using k8s.Models;

namespace Memoize.Kubernetes;

/// <summary>Reads the metadata fields every Kubernetes object has, from its JSON.</summary>
public static class ObjectMetadata
{
    /// <summary>metadata.name, or null.</summary>
    public static string? Name(JsonObject obj) => Text(obj, "name");

    /// <summary>metadata.namespace, or null (cluster-scoped objects).</summary>
    public static string? Namespace(JsonObject obj) => Text(obj, "namespace");

    /// <summary>metadata.resourceVersion, or null.</summary>
    public static string? ResourceVersion(JsonObject obj) => Text(obj, "resourceVersion");

    /// <summary>metadata.uid, or null.</summary>
    public static string? Uid(JsonObject obj) => Text(obj, "uid");

    /// <summary>The key an informer stores the object under: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    public static string Key(JsonObject obj) => KeyOf(Namespace(obj), Name(obj) ?? "");

    /// <summary>The store key for a namespace and name: <c>namespace/name</c>, or <c>name</c> when the namespace is null or empty.</summary>
    public static string KeyOf(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    /// <summary>A reference to <paramref name="obj"/> (what an Event is about) from its apiVersion, kind and metadata.</summary>
    public static V1ObjectReference ReferenceTo(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new V1ObjectReference
        {
            ApiVersion = Field(obj, "apiVersion") ?? throw new ArgumentException("the object has no apiVersion", nameof(obj)),
            Kind = Field(obj, "kind") ?? throw new ArgumentException("the object has no kind", nameof(obj)),
            NamespaceProperty = Namespace(obj),
            Name = Name(obj) ?? throw new ArgumentException("the object has no metadata.name", nameof(obj)),
            Uid = Uid(obj),
            ResourceVersion = ResourceVersion(obj),
        };
    }

    private static string? Field(JsonObject obj, string field) => obj[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? Text(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject metadata && metadata[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
