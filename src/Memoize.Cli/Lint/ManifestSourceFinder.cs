using System.IO.Enumeration;

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
                    found.AddRange(FilesUnder(path).Where(IsManifest));
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

    /// <summary>
    /// Every file below <paramref name="directory"/>, not descending into symlinked directories (as kubectl apply -R
    /// walks): a link to a parent would otherwise loop until the path is too long. Symlinked files are kept, so a
    /// file link loop is reported when it is read.
    /// </summary>
    private static IEnumerable<string> FilesUnder(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false };
        return new FileSystemEnumerable<string>(directory, (ref FileSystemEntry entry) => entry.ToSpecifiedFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
    }

    private static bool IsManifest(string file) =>
        ManifestExtensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
