using System.Text.Json;
using Memoize.Core.Objects;
using Memoize.Core.Text;

namespace Memoize.Core.Rules;

/// <summary>Kubernetes' field-error wording: <c>&lt;path&gt;: &lt;Reason&gt;: &lt;detail&gt;</c>.</summary>
internal static class FieldMessage
{
    /// <summary><c>path: Required value: detail</c>.</summary>
    public static string Required(string path, string detail) => $"{path}: Required value: {detail}";

    /// <summary><c>path: Invalid value: shown: detail</c>, where <paramref name="shownValue"/> is already quoted.</summary>
    public static string Invalid(string path, string shownValue, string detail) => $"{path}: Invalid value: {shownValue}: {detail}";

    /// <summary><c>path: Too long: detail</c>.</summary>
    public static string TooLong(string path, string detail) => $"{path}: Too long: {detail}";

    /// <summary>A string value as written, Go-quoted, with the substituted text after it when it differs.</summary>
    public static string Written(string written, string? substituted = null) =>
        substituted is null ? GoQuote.Quote(written) : $"{GoQuote.Quote(written)} (after substitution: {GoQuote.Quote(substituted)})";

    /// <summary>Any JSON value as a person wrote it: strings Go-quoted, everything else as compact JSON.</summary>
    public static string Shown(JsonElement node) =>
        node.ValueKind == JsonValueKind.String ? GoQuote.Quote(node.GetString()!) : JsonProperties.Compact(node);
}
