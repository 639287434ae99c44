using System.Text.RegularExpressions;
using System.Xml.Linq;
using Memoize.Webhook.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// The Dockerfile cannot be built here (no Docker engine), so its paths and conventions are checked against the
/// repository: every COPY source exists and is in the build context, restore sees every project file it needs, and
/// each image runs its own dll as the non-root app user on the ports its Deployment uses.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string Root = RenderedManifests.RepositoryRoot;

    private static IReadOnlyList<DockerfileStage> Stages => DockerfileStage.Parse(File.ReadAllText(Path.Combine(Root, "Dockerfile")));

    private static DockerfileStage Stage(string name) => Assert.Single(Stages, s => s.Name == name);

    // COPY [--flags] source... destination, from the build context (not --from another stage).
    private static IEnumerable<(DockerfileInstruction Copy, string Source)> ContextCopies(DockerfileStage stage) =>
        from copy in stage.All("COPY")
        let words = copy.Words
        where !words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal))
        from source in words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1)
        select (copy, source.TrimEnd('/'));

    [Fact]
    public void Every_COPY_source_exists_in_the_repository_and_is_sent_in_the_build_context()
    {
        var ignore = new DockerIgnore(File.ReadAllText(Path.Combine(Root, ".dockerignore")));
        var copies = Stages.SelectMany(ContextCopies).ToList();
        Assert.NotEmpty(copies);
        foreach (var (copy, source) in copies)
        {
            var path = Path.Combine(Root, source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"Dockerfile line {copy.Line}: COPY {source}: no such file or directory in the repository");
            Assert.False(ignore.Excludes(source), $"Dockerfile line {copy.Line}: COPY {source}: .dockerignore leaves it out of the build context");
        }

        // and what must never be sent stays out
        foreach (var secret in new[] { "tests/fixtures", ".dev/certs/tls.key", "src/Memoize.Webhook/bin/Release", "certs/ca.key", "manifests/base" })
        {
            Assert.True(ignore.Excludes(secret), $".dockerignore lets {secret} into the build context");
        }
    }

    [Theory]
    [InlineData("src/Memoize.Webhook/Memoize.Webhook.csproj")]
    [InlineData("src/Memoize.Reconciler/Memoize.Reconciler.csproj")]
    public void Restore_gets_every_project_file_it_needs_before_the_sources_so_its_layer_is_cached(string project)
    {
        var build = Stage("build");
        var restore = Assert.Single(build.All("RUN"), r => r.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.Contains("dotnet restore " + project, restore.Arguments, StringComparison.Ordinal);
        var copiedBeforeRestore = ContextCopies(build).Where(c => c.Copy.Line < restore.Line).Select(c => c.Source).ToHashSet();
        var copiedAfterRestore = ContextCopies(build).Where(c => c.Copy.Line > restore.Line).Select(c => c.Source).ToHashSet();

        // Only project files (and the shared build settings) before restore: a source change keeps the restore layer.
        Assert.All(copiedBeforeRestore, source => Assert.True(
            source.EndsWith(".csproj", StringComparison.Ordinal) || !source.Contains('/', StringComparison.Ordinal),
            $"COPY {source} before restore: a source change would invalidate the restore layer"));
        foreach (var settings in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config", "global.json" })
        {
            if (File.Exists(Path.Combine(Root, settings)))
            {
                Assert.Contains(settings, copiedBeforeRestore);
            }
        }

        foreach (var reference in ProjectClosure(project))
        {
            Assert.True(copiedBeforeRestore.Contains(reference), $"{project} references {reference}, which is not copied before dotnet restore");
            var folder = Path.GetDirectoryName(reference)!.Replace('\\', '/');
            Assert.True(copiedAfterRestore.Contains(folder), $"{project} references {reference}, whose folder {folder}/ is not copied before publish");
        }
    }

    [Theory]
    [InlineData("webhook", "src/Memoize.Webhook/Memoize.Webhook.csproj", "manifests/base/deployment.yaml")]
    [InlineData("reconciler", "src/Memoize.Reconciler/Memoize.Reconciler.csproj", "manifests/base/reconciler-deployment.yaml")]
    public void Each_image_runs_its_own_dll_as_the_non_root_app_user_on_the_ports_its_Deployment_uses(string target, string project, string deployment)
    {
        var stage = Stage(target);
        var tfm = Regex.Match(File.ReadAllText(Path.Combine(Root, "Directory.Build.props")), "<TargetFramework>net(\\d+\\.\\d+)</TargetFramework>").Groups[1].Value;
        Assert.Matches($"^mcr\\.microsoft\\.com/dotnet/aspnet:{Regex.Escape(tfm)}-[a-z]+-chiseled$", stage.BaseImage);
        Assert.StartsWith($"mcr.microsoft.com/dotnet/sdk:{tfm}", Stage("build").BaseImage, StringComparison.Ordinal);
        Assert.Equal("1654", Assert.Single(stage.All("USER")).Arguments); // APP_UID of the .NET images, as a number

        // The published output of its own project, and nothing else.
        var copy = Assert.Single(stage.All("COPY"));
        var from = Regex.Match(copy.Arguments, "--from=(\\S+) /app").Groups[1].Value;
        var publish = Assert.Single(Stage(from).All("RUN"));
        Assert.StartsWith($"dotnet publish {project} -c Release --no-restore", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish.Arguments, StringComparison.Ordinal);

        var assembly = XDocument.Load(Path.Combine(Root, project)).Descendants("AssemblyName").SingleOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);
        Assert.Equal($"""["dotnet", "{assembly}.dll"]""", Assert.Single(stage.All("ENTRYPOINT")).Arguments);

        // The ports and the user the Deployment expects.
        var pod = PodSpec(deployment);
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        var ports = ((YamlSequenceNode)container["ports"]).Children.Select(p => ((YamlScalarNode)((YamlMappingNode)p)["containerPort"]).Value!).Order();
        Assert.Equal(ports, Assert.Single(stage.All("EXPOSE")).Words.Order());
        Assert.Equal("1654", ((YamlScalarNode)((YamlMappingNode)pod["securityContext"])["runAsUser"]).Value); // APP_UID of the .NET images
    }

    [Fact]
    public void A_plain_docker_build_makes_the_webhook_image()
    {
        Assert.Equal("webhook", Stages[^1].Name);
    }

    // The project and every project it references, directly or not, as repository-relative paths.
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var found = new List<string>();
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out var current))
        {
            if (found.Contains(current))
            {
                continue;
            }

            found.Add(current);
            var folder = Path.GetDirectoryName(Path.Combine(Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value));
                pending.Enqueue(Path.GetRelativePath(Root, full).Replace('\\', '/'));
            }
        }

        return found;
    }

    private static YamlMappingNode PodSpec(string deployment)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, deployment))));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["spec"])["template"])["spec"];
    }
}
