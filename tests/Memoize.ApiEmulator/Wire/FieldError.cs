using System.Globalization;

namespace Memoize.ApiEmulator.Wire;

/// <summary>
/// One validation failure, shaped like Kubernetes' <c>field.Error</c>: a cause type
/// (<c>FieldValueInvalid</c>, ...), the field path, and the body Kubernetes prints after the path.
/// </summary>
internal sealed record FieldError(string Type, string Field, string Body)
{
    /// <summary>The text Kubernetes shows for this error: <c>field: body</c>.</summary>
    public string Message => $"{Field}: {Body}";

    /// <summary><c>Invalid value: "x": detail</c> for a string value.</summary>
    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {GoText.Quote(value)}: {detail}");

    /// <summary><c>Invalid value: 5: detail</c> for a number.</summary>
    public static FieldError Invalid(string field, long value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {value.ToString(CultureInfo.InvariantCulture)}: {detail}");

    /// <summary><c>Invalid value: &lt;raw&gt;: detail</c> with the value already formatted (e.g. Go's <c>0x0</c>).</summary>
    public static FieldError InvalidRaw(string field, string formattedValue, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {formattedValue}: {detail}");

    /// <summary><c>Required value</c>, with an optional detail.</summary>
    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    /// <summary><c>Forbidden: detail</c>.</summary>
    public static FieldError Forbidden(string field, string detail) =>
        new("FieldValueForbidden", field, detail.Length == 0 ? "Forbidden" : $"Forbidden: {detail}");

    /// <summary><c>Too long: must have at most N bytes</c>.</summary>
    public static FieldError TooLong(string field, int maxBytes) =>
        new("FieldValueTooLong", field, $"Too long: must have at most {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");

    /// <summary><c>Duplicate value: "x"</c>.</summary>
    public static FieldError Duplicate(string field, string value) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {GoText.Quote(value)}");

    /// <summary><c>Unsupported value: "x": supported values: "a", "b"</c>.</summary>
    public static FieldError NotSupported(string field, string value, params string[] supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {GoText.Quote(value)}: supported values: {string.Join(", ", supported.Select(GoText.Quote))}");

    /// <summary>
    /// Kubernetes' aggregate of several errors: the single message, or <c>[a, b]</c>, duplicates removed.
    /// </summary>
    public static string Aggregate(IReadOnlyList<FieldError> errors)
    {
        var messages = errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToList();
        return messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
    }
}
