using System.Text.RegularExpressions;

namespace Memoize.ApiEmulator.Validation;

/// <summary>Kubernetes' name, key and label format checks, returning its exact messages (k8s.io/apimachinery util/validation).</summary>
internal static partial class NameRules
{
    /// <summary>The DNS-1123 subdomain regex as Kubernetes prints it.</summary>
    public const string SubdomainFormat = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    /// <summary>The DNS-1123 label regex as Kubernetes prints it.</summary>
    public const string LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /// <summary>The ConfigMap key regex as Kubernetes prints it.</summary>
    public const string ConfigKeyFormat = "[-._a-zA-Z0-9]+";

    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>Kubernetes' <c>RegexError</c>: the message, the examples and the regex.</summary>
    public static string RegexError(string message, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return $"{message} (regex used for validation is '{format}')";
        }
        // Kubernetes joins examples as "'a',  or 'b', " (two spaces): reproduced on purpose.
        var text = message + " (e.g. ";
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                text += " or ";
            }
            text += $"'{examples[i]}', ";
        }
        return text + $"regex used for validation is '{format}')";
    }

    /// <summary><c>must be no more than N characters</c>.</summary>
    public static string MaxLengthError(int length) => $"must be no more than {length} characters";

    /// <summary>IsDNS1123Subdomain: at most 253 characters, lowercase alphanumerics, '-' and '.'.</summary>
    public static IReadOnlyList<string> DnsSubdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253)
        {
            errors.Add(MaxLengthError(253));
        }
        if (!SubdomainRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                SubdomainFormat, "example.com"));
        }
        return errors;
    }

    /// <summary>IsDNS1123Label: at most 63 characters, lowercase alphanumerics and '-'.</summary>
    public static IReadOnlyList<string> DnsLabel(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add(MaxLengthError(63));
        }
        if (!LabelRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                LabelFormat, "my-name", "123-abc"));
        }
        return errors;
    }

    /// <summary>NameIsDNSSubdomain; with <paramref name="prefix"/> (generateName) a trailing '-' is allowed.</summary>
    public static IReadOnlyList<string> ObjectName(string name, bool prefix)
    {
        if (prefix && name.Length > 1 && name.EndsWith('-'))
        {
            name = name[..^1] + "a";
        }
        return DnsSubdomain(name);
    }

    /// <summary>IsConfigMapKey: at most 253 characters of <c>[-._a-zA-Z0-9]</c>, not "." or "..", not starting with "..".</summary>
    public static IReadOnlyList<string> ConfigMapKey(string key)
    {
        var errors = new List<string>();
        if (key.Length > 253)
        {
            errors.Add(MaxLengthError(253));
        }
        if (!ConfigKeyRegex().IsMatch(key))
        {
            errors.Add(RegexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                ConfigKeyFormat, "key.name", "KEY_NAME", "key-name"));
        }
        if (key == ".")
        {
            errors.Add("must not be '.'");
        }
        else if (key == "..")
        {
            errors.Add("must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }
        return errors;
    }

    /// <summary>IsQualifiedName: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> QualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(DnsSubdomain(parts[0]).Select(m => "prefix part " + m));
                }
                break;
            default:
                errors.Add("a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc") +
                           " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }
        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Add("name part " + MaxLengthError(63));
        }
        if (!QualifiedNameRegex().IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    /// <summary>IsValidLabelValue: empty, or at most 63 characters shaped like a qualified name.</summary>
    public static IReadOnlyList<string> LabelValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add(MaxLengthError(63));
        }
        if (!LabelValueRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                LabelValueFormat, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    [GeneratedRegex("^" + SubdomainFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^" + LabelFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^" + ConfigKeyFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigKeyRegex();

    [GeneratedRegex("^" + QualifiedNameFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^" + LabelValueFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();
}
