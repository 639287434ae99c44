using Memoize.Cli.Lint;
using Memoize.Cli.Tests.Support;

namespace Memoize.Cli.Tests.Lint;

public sealed class ManifestSourceFinderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Directories_are_searched_recursively_for_yaml_yml_and_json_in_path_order()
    {
        temp.Write("b.yaml", "");
        temp.Write("a.json", "");
        temp.Write("sub/c.yml", "");
        temp.Write("sub/deeper/d.YAML", "");
        temp.Write("notes.txt", "");
        temp.Write("sub/script.sh", "");

        var (sources, errors) = ManifestSourceFinder.Find([temp.Path]);

        Assert.Empty(errors);
        Assert.Equal(
            ["a.json", "b.yaml", "sub/c.yml", "sub/deeper/d.YAML"],
            sources.Select(s => Path.GetRelativePath(temp.Path, s.DisplayName)));
    }

    [Fact]
    public void Files_given_by_name_are_linted_whatever_their_extension_and_only_once()
    {
        var text = temp.Write("workflow.txt", "");
        var yaml = temp.Write("w.yaml", "");

        var (sources, _) = ManifestSourceFinder.Find([text, yaml, temp.Path, "-", "-"]);

        Assert.Equal([text, yaml, ManifestSource.StdinName], sources.Select(s => s.DisplayName));
        Assert.Null(sources[2].FilePath);
    }

    [Fact]
    public void A_missing_path_is_an_error_naming_it()
    {
        var missing = Path.Combine(temp.Path, "nope.yaml");

        var (sources, errors) = ManifestSourceFinder.Find([missing]);

        Assert.Empty(sources);
        Assert.Equal([$"memoize lint: cannot read {missing}: no such file or directory"], errors);
    }
}
