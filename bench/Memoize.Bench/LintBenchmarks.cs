using BenchmarkDotNet.Attributes;
using Memoize.Cli.Manifests;
using Memoize.Core.Objects;
using Memoize.Core.Rules;

namespace Memoize.Bench;

/// <summary>Linting a Workflow of 10, 100 and 1,000 memoized templates: the parse alone, the rules alone, and both from YAML text.</summary>
[MemoryDiagnoser]
public class LintBenchmarks
{
    private string yaml = "";
    private ArgoObject workflow = null!;

    /// <summary>How many memoized templates the Workflow has.</summary>
    [Params(10, 100, 1000)]
    public int Templates { get; set; }

    /// <summary>Builds the Workflow once per size, as text and as a parsed object.</summary>
    [GlobalSetup]
    public void Setup()
    {
        yaml = MemoizedWorkflow.Yaml(Templates);
        var document = YamlManifestReader.Read(yaml)[0];
        workflow = ArgoObject.TryFrom(document.Content) ?? throw new InvalidOperationException("the benchmark Workflow is not an Argo object");
        var findings = MemoizeValidator.Validate(workflow);
        if (findings.Count != 0)
        {
            // A benchmark of the error path would measure message formatting, not the rules.
            throw new InvalidOperationException($"the benchmark Workflow should be clean but has {findings.Count} findings, e.g. {findings[0].Message}");
        }
    }

    /// <summary>The core rules on an already parsed object (what the webhook does per request).</summary>
    [Benchmark(Baseline = true)]
    public int Validate() => MemoizeValidator.Validate(workflow).Count;

    /// <summary>Only the parse: YAML text to JSON to Argo objects (what lint does before any rule runs).</summary>
    [Benchmark]
    public int ParseYaml()
    {
        var count = 0;
        foreach (var document in YamlManifestReader.Read(yaml))
        {
            count += ArgoObject.TryFrom(document.Content) is null ? 0 : 1;
        }

        return count;
    }

    /// <summary>The whole lint path: YAML text to JSON to findings (what <c>memoize lint</c> does per file).</summary>
    [Benchmark]
    public int LintYamlText()
    {
        var count = 0;
        foreach (var document in YamlManifestReader.Read(yaml))
        {
            if (ArgoObject.TryFrom(document.Content) is { } argoObject)
            {
                count += MemoizeValidator.Validate(argoObject).Count;
            }
        }

        return count;
    }
}
