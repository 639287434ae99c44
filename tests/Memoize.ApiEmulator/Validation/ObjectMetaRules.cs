using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>Kubernetes' ObjectMeta validation on create and update (apimachinery api/validation/objectmeta.go).</summary>
internal static class ObjectMetaRules
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>ValidateObjectMetaAccessor: generateName, name, namespace, generation, labels, annotations, finalizers.</summary>
    public static List<FieldError> ValidateCreate(JsonObject metadata, bool namespaced)
    {
        var errors = new List<FieldError>();
        var generateName = WireJson.GetString(metadata, "generateName") ?? "";
        if (generateName.Length > 0)
        {
            errors.AddRange(NameRules.ObjectName(generateName, prefix: true).Select(m => FieldError.Invalid("metadata.generateName", generateName, m)));
        }
        var name = WireJson.GetString(metadata, "name") ?? "";
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            errors.AddRange(NameRules.ObjectName(name, prefix: false).Select(m => FieldError.Invalid("metadata.name", name, m)));
        }
        var ns = WireJson.GetString(metadata, "namespace") ?? "";
        if (namespaced)
        {
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required("metadata.namespace"));
            }
            else
            {
                errors.AddRange(NameRules.DnsLabel(ns).Select(m => FieldError.Invalid("metadata.namespace", ns, m)));
            }
        }
        else if (ns.Length > 0)
        {
            errors.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }
        if (metadata["generation"] is JsonValue generation && generation.TryGetValue<long>(out var g) && g < 0)
        {
            errors.Add(FieldError.Invalid("metadata.generation", g, "must be greater than or equal to 0"));
        }
        errors.AddRange(Labels(metadata));
        errors.AddRange(Annotations(metadata));
        return errors;
    }

    /// <summary>ValidateObjectMetaAccessorUpdate: immutable identity fields and no new finalizers while deleting.</summary>
    public static List<FieldError> ValidateUpdate(JsonObject metadata, JsonObject oldMetadata)
    {
        var errors = new List<FieldError>();
        if (oldMetadata["deletionTimestamp"] is not null)
        {
            var oldFinalizers = Strings(oldMetadata["finalizers"]);
            var added = Strings(metadata["finalizers"]).Where(f => !oldFinalizers.Contains(f)).ToList();
            if (added.Count > 0)
            {
                var goList = "[]string{" + string.Join(", ", added.Select(GoText.Quote)) + "}";
                errors.Add(FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers {goList}"));
            }
        }
        var generation = metadata["generation"] is JsonValue gv && gv.TryGetValue<long>(out var g) ? g : 0;
        var oldGeneration = oldMetadata["generation"] is JsonValue ogv && ogv.TryGetValue<long>(out var og) ? og : 0;
        if (generation < oldGeneration)
        {
            errors.Add(FieldError.Invalid("metadata.generation", generation, "must not be decremented"));
        }
        foreach (var field in new[] { "name", "namespace", "uid" })
        {
            var now = WireJson.GetString(metadata, field) ?? "";
            if (now != (WireJson.GetString(oldMetadata, field) ?? ""))
            {
                errors.Add(FieldError.Invalid($"metadata.{field}", now, "field is immutable"));
            }
        }
        errors.AddRange(Labels(metadata));
        errors.AddRange(Annotations(metadata));
        return errors;
    }

    /// <summary>The string items of a JSON array (non-strings skipped).</summary>
    public static List<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];

    private static IEnumerable<FieldError> Labels(JsonObject metadata)
    {
        foreach (var (key, value) in WireJson.GetStringMap(metadata, "labels"))
        {
            foreach (var message in NameRules.QualifiedName(key))
            {
                yield return FieldError.Invalid("metadata.labels", key, message);
            }
            foreach (var message in NameRules.LabelValue(value))
            {
                yield return FieldError.Invalid("metadata.labels", value, message);
            }
        }
    }

    private static IEnumerable<FieldError> Annotations(JsonObject metadata)
    {
        var annotations = WireJson.GetStringMap(metadata, "annotations");
        foreach (var key in annotations.Keys)
        {
            foreach (var message in NameRules.QualifiedName(key.ToLowerInvariant()))
            {
                yield return FieldError.Invalid("metadata.annotations", key, message);
            }
        }
        var size = annotations.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value));
        if (size > TotalAnnotationSizeLimit)
        {
            yield return FieldError.TooLong("metadata.annotations", TotalAnnotationSizeLimit);
        }
    }
}
