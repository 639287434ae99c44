using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Resources;

/// <summary>A reference to a Kubernetes object (what an Event is about).</summary>
/// <param name="ApiVersion">e.g. <c>argoproj.io/v1alpha1</c>.</param>
/// <param name="Kind">e.g. <c>Workflow</c>.</param>
/// <param name="Namespace">null for cluster-scoped objects.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Uid">The object's uid, when known.</param>
/// <param name="ResourceVersion">The version referred to, when it matters.</param>
public sealed record ObjectReference(string ApiVersion, string Kind, string? Namespace, string Name, string? Uid = null, string? ResourceVersion = null)
{
    /// <summary>A reference to <paramref name="obj"/> from its apiVersion, kind and metadata.</summary>
    public static ObjectReference FromObject(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new ObjectReference(
            Text(obj["apiVersion"]) ?? throw new ArgumentException("the object has no apiVersion", nameof(obj)),
            Text(obj["kind"]) ?? throw new ArgumentException("the object has no kind", nameof(obj)),
            ObjectMetadata.Namespace(obj),
            ObjectMetadata.Name(obj) ?? throw new ArgumentException("the object has no metadata.name", nameof(obj)),
            ObjectMetadata.Uid(obj),
            ObjectMetadata.ResourceVersion(obj));
    }

    /// <summary>The reference as JSON (fields that are null are left out).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = Kind };
        if (Namespace is not null)
        {
            json["namespace"] = Namespace;
        }

        json["name"] = Name;
        if (Uid is not null)
        {
            json["uid"] = Uid;
        }

        if (ResourceVersion is not null)
        {
            json["resourceVersion"] = ResourceVersion;
        }

        return json;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
