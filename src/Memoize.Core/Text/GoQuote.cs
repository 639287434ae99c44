using System.Globalization;
using System.Text;

namespace Memoize.Core.Text;

/// <summary>Go's <c>strconv.Quote</c>: the quoting Go (and so Argo and Kubernetes) uses in error texts.</summary>
public static class GoQuote
{
    /// <summary>Wraps <paramref name="text"/> in double quotes, escaping exactly the characters Go escapes.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate has no UTF-8 form; show the code unit rather than guess.
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:x4}");
                i++;
                continue;
            }

            AppendEscaped(builder, rune);
            i += consumed;
        }

        builder.Append('"');
        return builder.ToString();
    }

    private static void AppendEscaped(StringBuilder builder, Rune rune)
    {
        var value = rune.Value;
        if (value is '"' or '\\')
        {
            builder.Append('\\').Append((char)value);
            return;
        }

        if (IsPrint(rune))
        {
            builder.Append(rune.ToString());
            return;
        }

        switch (value)
        {
            case '\a': builder.Append("\\a"); return;
            case '\b': builder.Append("\\b"); return;
            case '\f': builder.Append("\\f"); return;
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\v': builder.Append("\\v"); return;
        }

        if (value < ' ' || value == 0x7f)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}");
        }
        else if (value < 0x10000)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}");
        }
    }

    /// <summary>Go's <c>strconv.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    internal static bool IsPrint(Rune rune)
    {
        var value = rune.Value;
        if (value <= 0xFF)
        {
            if (value is >= 0x20 and <= 0x7E)
            {
                return true;
            }

            return value is >= 0xA1 and <= 0xFF && value != 0xAD;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
            UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}
