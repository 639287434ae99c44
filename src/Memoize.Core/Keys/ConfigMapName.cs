using System.Text;
using System.Text.RegularExpressions;

namespace Memoize.Core.Keys;

/// <summary>Kubernetes' rule for a ConfigMap name: a lowercase RFC 1123 subdomain of at most 253 characters.</summary>
public static partial class ConfigMapName
{
    /// <summary>The longest name Kubernetes accepts.</summary>
    public const int MaxLength = 253;

    /// <summary>The regex Kubernetes prints in its error message.</summary>
    public const string Pattern = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    /// <summary>The example shown when nothing of the written name can be kept.</summary>
    public const string Example = "my-cache";

    /// <summary>True when Kubernetes accepts <paramref name="name"/> as a ConfigMap name.</summary>
    public static bool IsValid(string name) => name.Length is > 0 and <= MaxLength && NameRegex().IsMatch(name);

    /// <summary>A valid name close to <paramref name="name"/>: lowercased, invalid runs turned into '-', trimmed to alphanumeric ends.</summary>
    public static string SuggestFix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var fixedName = SanitizePart(name, atStart: true, atEnd: true);
        if (fixedName.Length > MaxLength)
        {
            fixedName = fixedName[..MaxLength].TrimEnd('-', '.');
        }

        return fixedName.Length == 0 ? Example : fixedName;
    }

    /// <summary>
    /// Whether a known stretch of a templated name can be part of a valid name: only a-z, 0-9, '-' and '.',
    /// a dot between alphanumerics, and alphanumeric ends where the stretch starts or ends the name.
    /// </summary>
    internal static bool IsValidPart(ReadOnlySpan<char> part, bool atStart, bool atEnd)
    {
        if (part.Length == 0)
        {
            return !(atStart && atEnd);
        }

        if ((atStart && !IsAlphanumeric(part[0])) || (atEnd && !IsAlphanumeric(part[^1])))
        {
            return false;
        }

        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (!(IsAlphanumeric(c) || c is '-' or '.'))
            {
                return false;
            }

            // Each dot separates two labels, which start and end with an alphanumeric; a tag may supply the neighbour.
            if (c == '.' && ((i > 0 && !IsAlphanumeric(part[i - 1])) || (i < part.Length - 1 && !IsAlphanumeric(part[i + 1]))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The example-fix transformation applied to one known stretch of a name.</summary>
    internal static string SanitizePart(string part, bool atStart, bool atEnd)
    {
        var builder = new StringBuilder(part.Length);
        var inInvalidRun = false;
        foreach (var original in part)
        {
            var c = char.ToLowerInvariant(original);
            if (IsAlphanumeric(c) || c is '-' or '.')
            {
                builder.Append(c);
                inInvalidRun = false;
            }
            else if (!inInvalidRun)
            {
                builder.Append('-');
                inInvalidRun = true;
            }
        }

        // A run of separators holding a dot becomes one dot, so labels stay non-empty.
        var result = SeparatorRunWithDot().Replace(builder.ToString(), ".");
        if (atStart)
        {
            result = result.TrimStart('-', '.');
        }

        if (atEnd)
        {
            result = result.TrimEnd('-', '.');
        }

        return result;
    }

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    [GeneratedRegex("^" + Pattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"[-.]*\.[-.]*", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorRunWithDot();
}
