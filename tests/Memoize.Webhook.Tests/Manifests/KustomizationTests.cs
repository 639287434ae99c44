using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>Every kustomization under manifests/ renders, as <c>kubectl apply -k</c> would; components render through an overlay.</summary>
public sealed class KustomizationTests(ITestOutputHelper output)
{
    private static readonly string Manifests = Path.Combine(RenderedManifests.RepositoryRoot, "manifests");

    private static IEnumerable<string> KustomizationFiles() =>
        Directory.EnumerateFiles(Manifests, "kustomization.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static bool IsComponent(string file) => File.ReadAllLines(file).Any(line => line.Trim() == "kind: Component");

    [Fact]
    public void Every_kustomization_renders_with_every_object_named_once()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var rendered = 0;
        foreach (var file in KustomizationFiles().Where(f => !IsComponent(f)))
        {
            var directory = Path.GetRelativePath(RenderedManifests.RepositoryRoot, Path.GetDirectoryName(file)!);
            var documents = RenderedManifests.Render(directory);
            Assert.NotEmpty(documents);
            var names = documents.Select(d => $"{d["kind"]} {d["metadata"]!["namespace"]}/{d["metadata"]!["name"]}").ToList();
            Assert.True(names.Count == names.Distinct().Count(), $"{directory} renders an object twice: {string.Join(", ", names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))}");
            output.WriteLine($"{directory}: {documents.Count} objects");
            rendered++;
        }

        Assert.True(rendered >= 4, "expected base and at least three overlays");
    }

    [Fact]
    public void Every_component_is_used_by_an_overlay_that_does_not_move_its_namespace()
    {
        var components = KustomizationFiles().Where(IsComponent).Select(f => Path.GetDirectoryName(f)!).ToList();
        Assert.NotEmpty(components);
        foreach (var component in components)
        {
            var users = KustomizationFiles().Where(f => !IsComponent(f)).Where(f => File.ReadAllLines(f)
                .Select(line => line.Trim())
                .Where(line => line.StartsWith("- ", StringComparison.Ordinal))
                .Any(line => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(f)!, line[2..].Trim())) == component)).ToList();
            Assert.True(users.Count > 0, $"no overlay uses the component {Path.GetRelativePath(Manifests, component)}, so nothing renders it");

            // A namespace field in an overlay (or anything it builds on) would move the component's Role out of its namespace.
            foreach (var user in users)
            {
                Assert.DoesNotContain(File.ReadAllLines(user), line => line.StartsWith("namespace:", StringComparison.Ordinal));
            }
        }

        foreach (var overlay in Directory.EnumerateDirectories(Path.Combine(Manifests, "overlays")))
        {
            Assert.DoesNotContain(File.ReadAllLines(Path.Combine(overlay, "kustomization.yaml")), line => line.StartsWith("namespace:", StringComparison.Ordinal));
        }
    }
}
