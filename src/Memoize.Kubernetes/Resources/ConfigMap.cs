using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Resources;

/// <summary>
/// A ConfigMap as a thin typed view over its JSON: name, namespace, resourceVersion, labels, annotations
/// and data read and write the JSON directly, and every other field is kept as it came.
/// </summary>
public sealed class ConfigMap
{
    /// <summary>Wraps <paramref name="obj"/> (not copied: changes through this view change it).</summary>
    public ConfigMap(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Object = obj;
        if (obj["metadata"] is not JsonObject)
        {
            obj["metadata"] = new JsonObject();
        }
    }

    /// <summary>The whole ConfigMap as JSON.</summary>
    public JsonObject Object { get; }

    /// <summary>metadata.name.</summary>
    public string Name => ObjectMetadata.Name(Object) ?? "";

    /// <summary>metadata.namespace.</summary>
    public string Namespace => ObjectMetadata.Namespace(Object) ?? "";

    /// <summary>metadata.resourceVersion; sent with an update so a concurrent change is a conflict, not a lost write.</summary>
    public string? ResourceVersion
    {
        get => ObjectMetadata.ResourceVersion(Object);
        set => Metadata["resourceVersion"] = value;
    }

    /// <summary>metadata.uid, once stored.</summary>
    public string? Uid => ObjectMetadata.Uid(Object);

    /// <summary>metadata.labels, live.</summary>
    public IDictionary<string, string> Labels => new JsonStringMap(Metadata, "labels");

    /// <summary>metadata.annotations, live.</summary>
    public IDictionary<string, string> Annotations => new JsonStringMap(Metadata, "annotations");

    /// <summary>data, live: one entry per key.</summary>
    public IDictionary<string, string> Data => new JsonStringMap(Object, "data");

    private JsonObject Metadata => (JsonObject)Object["metadata"]!;

    /// <summary>A new, empty ConfigMap named <paramref name="name"/> in <paramref name="namespace"/>, ready to create.</summary>
    public static ConfigMap New(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ConfigMap(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        });
    }

    /// <summary>A deep copy, to change without touching this one (e.g. one held by an informer).</summary>
    public ConfigMap Clone() => new((JsonObject)Object.DeepClone());
}
