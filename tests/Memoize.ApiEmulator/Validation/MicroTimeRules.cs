using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>
/// meta/v1 MicroTime as kube-apiserver decodes and encodes it (apimachinery <c>micro_time.go</c>): a value is parsed with Go's
/// layout <c>2006-01-02T15:04:05.000000Z07:00</c>, which takes exactly six fractional digits, so anything else is a 400
/// BadRequest; a value that parses is stored, and written back, in UTC with six digits.
/// </summary>
internal static partial class MicroTimeRules
{
    private const string GoLayout = "2006-01-02T15:04:05.000000Z07:00";

    /// <summary>Throws 400 BadRequest for a MicroTime field that Go cannot parse; rewrites the others as kube-apiserver writes them.</summary>
    public static void Normalize(ResourceType type, JsonObject obj)
    {
        foreach (var path in FieldsOf(type))
        {
            var parent = path.Length == 1 ? obj : WireJson.GetObject(obj, path[0]);
            if (parent?[path[^1]] is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                continue;
            }

            parent[path[^1]] = Parse(type, text).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);
        }
    }

    private static string[][] FieldsOf(ResourceType type) =>
        type == ResourceCatalog.Leases ? [["spec", "acquireTime"], ["spec", "renewTime"]]
        : type == ResourceCatalog.Events || type == ResourceCatalog.CoreEvents ? [["eventTime"], ["series", "lastObservedTime"]]
        : [];

    private static DateTimeOffset Parse(ResourceType type, string text)
    {
        var match = Layout().Match(text);
        if (!match.Success)
        {
            throw Refused(type, text, text, "2006");
        }

        var rest = text[match.Length..];
        var fraction = Fraction().Match(rest);
        if (!fraction.Success)
        {
            throw Refused(type, text, rest, ".000000");
        }

        var zone = rest[fraction.Length..];
        if (!Zone().IsMatch(zone))
        {
            throw Refused(type, text, zone, "Z07:00");
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    // Go's time.ParseError text, inside the decoder's "cannot be handled as" message.
    private static ApiError Refused(ResourceType type, string value, string valueElement, string layoutElement) =>
        ApiError.BadRequest($"{type.Kind} in version {GoText.Quote(type.Version)} cannot be handled as a {type.Kind}: parsing time {GoText.Quote(value)} " +
            $"as {GoText.Quote(GoLayout)}: cannot parse {GoText.Quote(valueElement)} as {GoText.Quote(layoutElement)}");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")]
    private static partial Regex Layout();

    [GeneratedRegex(@"^\.\d{6}")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"^(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Zone();
}
