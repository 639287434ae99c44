namespace Memoize.Cli.Lint;

/// <summary>Turns the PATH arguments into the files to lint: files as given, directories searched recursively.</summary>
public static class ManifestSourceFinder
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    /// <summary>
    /// The sources in argument order (each directory's files sorted by path, each file once), plus an error
    /// message for every argument that cannot be read.
    /// </summary>
    public static (IReadOnlyList<ManifestSource> Sources, IReadOnlyList<string> Errors) Find(IEnumerable<string> paths)
    {
        var sources = new List<ManifestSource>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(ManifestSource source)
        {
            if (seen.Add(source.FilePath is null ? "-" : Path.GetFullPath(source.FilePath)))
            {
                sources.Add(source);
            }
        }

        foreach (var path in paths)
        {
            if (path == "-")
            {
                Add(ManifestSource.Stdin);
            }
            else if (Directory.Exists(path))
            {
                var found = new List<string>();
                try
                {
                    var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false };
                    found.AddRange(Directory.EnumerateFiles(path, "*", options).Where(IsManifest));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add(LintMessages.CannotRead(path, e.Message));
                }

                found.Sort(StringComparer.Ordinal);
                found.ForEach(file => Add(new ManifestSource(file, file)));
            }
            else if (File.Exists(path))
            {
                Add(new ManifestSource(path, path));
            }
            else
            {
                errors.Add(LintMessages.CannotRead(path, "no such file or directory"));
            }
        }

        return (sources, errors);
    }

    private static bool IsManifest(string file) =>
        ManifestExtensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
