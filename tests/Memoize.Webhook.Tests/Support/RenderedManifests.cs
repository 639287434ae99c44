using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Memoize.Webhook.Tests.Support;

/// <summary>Runs <c>kubectl kustomize</c> on the project's manifests and reads the result as JSON documents.</summary>
public static class RenderedManifests
{
    /// <summary>The repository root (where Webhook.sln is), found from the test output directory.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Webhook.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Webhook.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static bool HasKubectl => Run("kubectl", ["version", "--client"], RepositoryRoot).ExitCode == 0;

    /// <summary>True (and says so in the test output) when kubectl is not installed: the test then passes without rendering.</summary>
    public static bool KubectlMissing(ITestOutputHelper output)
    {
        if (HasKubectl)
        {
            return false;
        }

        output.WriteLine("SKIPPED: kubectl is not installed, so the manifests were not rendered (apt-get install kubectl, or any kubectl >= 1.21).");
        return true;
    }

    /// <summary>Renders a kustomization directory; fails the test with kubectl's own error when it does not render.</summary>
    public static IReadOnlyList<JsonObject> Render(string directory)
    {
        var (exitCode, output, error) = Run("kubectl", ["kustomize", directory], RepositoryRoot);
        Assert.True(exitCode == 0, $"kubectl kustomize {directory} failed: {error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)!.AsObject())];
    }

    public static JsonObject Single(IReadOnlyList<JsonObject> documents, string kind, string name) =>
        Assert.Single(documents, d => (string?)d["kind"] == kind && (string?)d["metadata"]?["name"] == name);

    /// <summary>Asserts JSON equality where object member order does not matter (kubectl versions order fields differently); array order does.</summary>
    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nbut got  {actual?.ToJsonString() ?? "null"}");

    /// <summary>The only container of a Deployment's pod template.</summary>
    public static JsonObject Container(IReadOnlyList<JsonObject> documents, string deployment) =>
        Assert.Single(Single(documents, "Deployment", deployment)["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!.AsObject();

    /// <summary>A container's args, as the process gets them.</summary>
    public static string[] Arguments(JsonObject container) => [.. (container["args"]?.AsArray() ?? []).Select(a => (string)a!)];

    /// <summary>A container's environment variables that have a literal value (valueFrom ones are left out).</summary>
    public static Dictionary<string, string> Environment(JsonObject container) =>
        (container["env"]?.AsArray() ?? []).Where(v => v!["value"] is not null).ToDictionary(v => (string)v!["name"]!, v => (string)v!["value"]!);

    public static (int ExitCode, string Output, string Error) Run(string program, IReadOnlyList<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "", $"{program} did not finish in 60 s");
            }

            return (process.ExitCode, output.Result, error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{program} could not be started: {e.Message}");
        }
    }

    // Scalars stay strings: the assertions compare what is written in the YAML.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}
