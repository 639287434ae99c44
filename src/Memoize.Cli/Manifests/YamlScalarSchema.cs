using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Memoize.Cli.Manifests;

/// <summary>
/// Gives a YAML scalar its JSON type the way kubectl does (sigs.k8s.io/yaml, which resolves plain scalars
/// with YAML 1.1 rules): quoted and block scalars are strings; plain ones may be null, bool, int or float.
/// This matters for lint: <c>maxAge: 10</c> is a number (and wrong), <c>key: "123"</c> is a string.
/// </summary>
public static partial class YamlScalarSchema
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>The JSON value of a scalar written <paramref name="text"/> in <paramref name="style"/>; null means JSON null.</summary>
    public static JsonNode? ToJson(string text, ScalarStyle style, TagName tag)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific)
        {
            switch (tag.Value)
            {
                case TagPrefix + "str":
                    return JsonValue.Create(text);
                case TagPrefix + "null":
                    return null;
                case TagPrefix + "bool" or TagPrefix + "int" or TagPrefix + "float":
                    return ResolvePlain(text) is JsonValue typed ? typed : JsonValue.Create(text);
                default:
                    break; // An application tag: resolve by style, as if untagged.
            }
        }

        return style is ScalarStyle.Plain or ScalarStyle.Any ? ResolvePlain(text) : JsonValue.Create(text);
    }

    /// <summary>Resolves an unquoted scalar: null, bool, int, float, else string.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return JsonValue.Create(false);
            default:
                break;
        }

        // Only a scalar that starts like a number can be one; underscores are digit separators in YAML 1.1.
        if ("+-.0123456789".Contains(text[0], StringComparison.Ordinal))
        {
            var digits = text.Replace("_", "", StringComparison.Ordinal);
            if (TryParseInteger(digits, out var integer))
            {
                return JsonValue.Create(integer);
            }

            if (FloatRegex().IsMatch(digits) && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return JsonValue.Create(real);
            }
        }

        // .inf and .nan have no JSON form (kubectl refuses them), so they stay strings here.
        return JsonValue.Create(text);
    }

    // Go's strconv.ParseInt with base 0: 0x hex, 0b binary, leading 0 octal, else decimal.
    private static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (body.Length == 0)
        {
            return false;
        }

        var (digits, radix) = body switch
        {
            _ when body.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => (body[2..], 16),
            _ when body.StartsWith("0b", StringComparison.OrdinalIgnoreCase) => (body[2..], 2),
            _ when body.StartsWith("0o", StringComparison.OrdinalIgnoreCase) => (body[2..], 8),
            _ when body.Length > 1 && body[0] == '0' => (body[1..], 8),
            _ => (body, 10),
        };
        if (digits.Length == 0)
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => radix,
            };
            if (digit >= radix || magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            magnitude = (magnitude * (ulong)radix) + (ulong)digit;
        }

        if (negative ? magnitude > (ulong)long.MaxValue + 1 : magnitude > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatRegex();
}
