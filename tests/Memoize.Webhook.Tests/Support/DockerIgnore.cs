using System.Text.RegularExpressions;

namespace Memoize.Webhook.Tests.Support;

/// <summary>The patterns of a .dockerignore file: which paths of the build context the Docker client leaves out.</summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = [];

    /// <summary>Reads the patterns (comments and blank lines skipped; a leading <c>!</c> re-includes).</summary>
    public DockerIgnore(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = line.TrimStart('!').Trim('/');
            // Go's filepath.Match plus Docker's **: '*' stays within one path segment, '**' crosses them.
            var regex = Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*\*", ".*", StringComparison.Ordinal)
                .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
            _rules.Add((new Regex("^" + regex + "$", RegexOptions.CultureInvariant), exclude));
        }
    }

    /// <summary>True when the path (relative to the context, '/' separated) or a folder above it is left out; the last matching pattern wins.</summary>
    public bool Excludes(string path)
    {
        var segments = path.Trim('/').Split('/');
        var excluded = false;
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var prefix = string.Join('/', segments.Take(depth));
            foreach (var (pattern, exclude) in _rules)
            {
                if (pattern.IsMatch(prefix))
                {
                    excluded = exclude;
                }
            }
        }

        return excluded;
    }
}
