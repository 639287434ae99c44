using System.Text;
using System.Text.RegularExpressions;

namespace Memoize.Core.Keys;

/// <summary>Argo's rule for a memoization cache key, checked after substitution.</summary>
public static partial class CacheKey
{
    /// <summary>Kubernetes allows ConfigMap data keys of at most this many characters.</summary>
    public const int MaxLength = 253;

    /// <summary>Argo's pattern, anchored with \z so a trailing newline is not accepted.</summary>
    public const string Pattern = @"^[a-zA-Z0-9][-a-zA-Z0-9]*\z";

    /// <summary>The example shown when nothing of the written key can be kept.</summary>
    public const string Example = "my-key";

    /// <summary>True when Argo accepts <paramref name="key"/> and Kubernetes can store it as a data key.</summary>
    public static bool IsValid(string key) => key.Length <= MaxLength && KeyRegex().IsMatch(key);

    /// <summary>A valid key close to <paramref name="key"/>: each run of invalid characters becomes one '-', leading non-alphanumerics go.</summary>
    public static string SuggestFix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var fixedKey = SanitizePart(key, atStart: true);
        if (fixedKey.Length > MaxLength)
        {
            fixedKey = fixedKey[..MaxLength];
        }

        return fixedKey.Length == 0 ? Example : fixedKey;
    }

    /// <summary>
    /// Whether a known stretch of a templated key can be part of a valid key: only letters, digits and '-',
    /// and, when it starts the key, a letter or digit first. A key that is entirely known must not be empty.
    /// </summary>
    internal static bool IsValidPart(ReadOnlySpan<char> part, bool atStart, bool atEnd)
    {
        if (part.Length == 0)
        {
            return !(atStart && atEnd);
        }

        if (atStart && !IsAlphanumeric(part[0]))
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!(IsAlphanumeric(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The example-fix transformation applied to one known stretch of a key.</summary>
    internal static string SanitizePart(string part, bool atStart)
    {
        var builder = new StringBuilder(part.Length);
        var inInvalidRun = false;
        foreach (var c in part)
        {
            if (IsAlphanumeric(c) || c == '-')
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

        var result = builder.ToString();
        return atStart ? result.TrimStart('-') : result;
    }

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex KeyRegex();
}
