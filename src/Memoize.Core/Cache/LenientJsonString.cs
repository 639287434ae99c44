using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Memoize.Core.Cache;

/// <summary>Reads JSON strings as Go does: a lone surrogate escape (<c>\ud800</c>) becomes U+FFFD instead of an error.</summary>
internal static class LenientJsonString
{
    /// <summary>The string value of a String element.</summary>
    public static string Read(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses invalid UTF-16 escapes; decode the raw text ourselves.
            return Unescape(element.GetRawText());
        }
    }

    private static string Unescape(string quoted)
    {
        var text = quoted.AsSpan(1, quoted.Length - 2);
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                output.Append(text[i]);
                continue;
            }

            i++;
            switch (text[i])
            {
                case 'b': output.Append('\b'); break;
                case 'f': output.Append('\f'); break;
                case 'n': output.Append('\n'); break;
                case 'r': output.Append('\r'); break;
                case 't': output.Append('\t'); break;
                case 'u':
                    output.Append((char)int.Parse(text.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: output.Append(text[i]); break;
            }
        }

        // Keep valid pairs, replace every lone surrogate.
        var result = new StringBuilder(output.Length);
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            if (char.IsHighSurrogate(c) && i + 1 < output.Length && char.IsLowSurrogate(output[i + 1]))
            {
                result.Append(c).Append(output[i + 1]);
                i++;
            }
            else
            {
                result.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return result.ToString();
    }
}
