using System.Text.RegularExpressions;

namespace Memoize.Core.Keys;

/// <summary>Kubernetes' rule for a ConfigMap name: a lowercase RFC 1123 subdomain of at most 253 characters.</summary>
public static partial class ConfigMapName
{
    /// <summary>The longest name Kubernetes accepts.</summary>
    public const int MaxLength = 253;

    /// <summary>The regex Kubernetes prints in its error message.</summary>
    public const string Pattern = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    /// <summary>True when Kubernetes accepts <paramref name="name"/> as a ConfigMap name.</summary>
    public static bool IsValid(string name) => name.Length is > 0 and <= MaxLength && NameRegex().IsMatch(name);

    [GeneratedRegex("^" + Pattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
