using System.Text.RegularExpressions;

namespace Memoize.Core.Keys;

/// <summary>Argo's rule for a memoization cache key, checked after substitution.</summary>
public static partial class CacheKey
{
    /// <summary>Kubernetes allows ConfigMap data keys of at most this many characters.</summary>
    public const int MaxLength = 253;

    /// <summary>Argo's pattern, anchored with \z so a trailing newline is not accepted.</summary>
    public const string Pattern = @"^[a-zA-Z0-9][-a-zA-Z0-9]*\z";

    /// <summary>True when Argo accepts <paramref name="key"/> and Kubernetes can store it as a data key.</summary>
    public static bool IsValid(string key) => key.Length <= MaxLength && KeyRegex().IsMatch(key);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex KeyRegex();
}
