using System.Text;

namespace Memoize.Kubernetes;

/// <summary>Reads RFC 7234 <c>Warning</c> header values (<c>299 - "text"</c>, optionally with a date, several separated by commas), as client-go does.</summary>
internal static class WarningHeader
{
    /// <summary>The code Kubernetes sends its warnings with ("Miscellaneous persistent warning").</summary>
    private const int KubernetesCode = 299;

    /// <summary>The non-empty texts of the code-299 warnings in <paramref name="value"/>; parsing stops at the first malformed warning.</summary>
    public static IReadOnlyList<string> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var texts = new List<string>();
        var position = 0;
        while (true)
        {
            position = Skip(value, position, " \t,");
            if (position >= value.Length || !TryParseOne(value, ref position, out var code, out var text))
            {
                return texts;
            }

            if (code == KubernetesCode && text.Length > 0)
            {
                texts.Add(text);
            }
        }
    }

    // warning-value = warn-code SP warn-agent SP warn-text [ SP warn-date ]
    private static bool TryParseOne(string value, ref int position, out int code, out string text)
    {
        code = 0;
        text = "";
        if (position + 4 > value.Length || !int.TryParse(value.AsSpan(position, 3), out code) || value[position + 3] != ' ')
        {
            return false;
        }

        var agentEnd = value.IndexOf(' ', position + 4);
        if (agentEnd < 0 || agentEnd == position + 4)
        {
            return false;
        }

        position = agentEnd + 1;
        if (!TryReadQuoted(value, ref position, out text))
        {
            return false;
        }

        // An optional quoted date follows; it is of no use here.
        var afterSpace = Skip(value, position, " \t");
        if (afterSpace < value.Length && value[afterSpace] == '"')
        {
            position = afterSpace;
            return TryReadQuoted(value, ref position, out _);
        }

        return true;
    }

    private static bool TryReadQuoted(string value, ref int position, out string text)
    {
        text = "";
        if (position >= value.Length || value[position] != '"')
        {
            return false;
        }

        var builder = new StringBuilder();
        for (var i = position + 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                position = i + 1;
                text = builder.ToString();
                return true;
            }

            // quoted-pair: a backslash takes the next character literally.
            if (c == '\\' && i + 1 < value.Length)
            {
                i++;
                c = value[i];
            }

            builder.Append(c);
        }

        return false;
    }

    private static int Skip(string value, int position, string characters)
    {
        while (position < value.Length && characters.Contains(value[position], StringComparison.Ordinal))
        {
            position++;
        }

        return position;
    }
}
