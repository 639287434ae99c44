using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>
/// Kubernetes' ConfigMap validation (pkg/apis/core/validation: ValidateConfigMap, ValidateConfigMapUpdate):
/// data and binaryData keys, no key in both, and the 1 MiB limit on the summed value sizes.
/// </summary>
internal static class ConfigMapRules
{
    /// <summary>core.MaxSecretSize: the most bytes of values a ConfigMap may hold.</summary>
    public const int MaxSize = 1024 * 1024;

    /// <summary>The rules for a ConfigMap being created or written.</summary>
    public static List<FieldError> Validate(JsonObject configMap)
    {
        var errors = new List<FieldError>();
        var data = WireJson.GetStringMap(configMap, "data");
        var binaryData = WireJson.GetStringMap(configMap, "binaryData");
        long totalSize = 0;
        foreach (var (key, value) in data)
        {
            errors.AddRange(NameRules.ConfigMapKey(key).Select(m => FieldError.Invalid($"data[{key}]", key, m)));
            if (binaryData.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            }
            // Kubernetes counts only the values (len of the Go string: UTF-8 bytes), not the keys.
            totalSize += Encoding.UTF8.GetByteCount(value);
        }
        foreach (var (key, value) in binaryData)
        {
            errors.AddRange(NameRules.ConfigMapKey(key).Select(m => FieldError.Invalid($"binaryData[{key}]", key, m)));
            totalSize += DecodedLength(value);
        }
        if (totalSize > MaxSize)
        {
            // Kubernetes reports this on the root path, which it prints as "[]".
            errors.Add(FieldError.TooLong("[]", MaxSize));
        }
        return errors;
    }

    /// <summary>The extra rules for an update: an immutable ConfigMap keeps its data, binaryData and immutable flag.</summary>
    public static List<FieldError> ValidateUpdate(JsonObject configMap, JsonObject old)
    {
        var errors = new List<FieldError>();
        if (old["immutable"] is JsonValue oldImmutable && oldImmutable.TryGetValue<bool>(out var wasImmutable) && wasImmutable)
        {
            var isImmutable = configMap["immutable"] is JsonValue v && v.TryGetValue<bool>(out var now) && now;
            if (!isImmutable)
            {
                errors.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
            }
            if (!JsonNode.DeepEquals(configMap["data"], old["data"]))
            {
                errors.Add(FieldError.Forbidden("data", "field is immutable when `immutable` is set"));
            }
            if (!JsonNode.DeepEquals(configMap["binaryData"], old["binaryData"]))
            {
                errors.Add(FieldError.Forbidden("binaryData", "field is immutable when `immutable` is set"));
            }
        }
        return errors;
    }

    private static long DecodedLength(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64).LongLength;
        }
        catch (FormatException)
        {
            return base64.Length;
        }
    }
}
