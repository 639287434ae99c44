using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Memoize.Core.Objects;
using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class MemoizeValidatorTests
{
    private const string KeyRule =
        "invalid cache key: a key must start with a letter or digit and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$)";

    private const string NameRule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters";

    public static TheoryData<string> ArgoFixtures => new(Manifest.AdmissionFixtures().Where(name => ArgoObject.TryFrom(Manifest.AdmissionObject(name)) is not null));

    [Theory]
    [MemberData(nameof(ArgoFixtures))]
    public void Recorded_Argo_objects_are_clean(string fixture)
    {
        var findings = MemoizeValidator.ValidateDocument(Manifest.AdmissionObject(fixture));

        Assert.NotNull(findings);
        Assert.Empty(findings);
    }

    [Fact]
    public void Recorded_fixtures_include_every_Argo_kind() =>
        Assert.Equal(
            ["ClusterWorkflowTemplate", "CronWorkflow", "Workflow", "WorkflowTemplate"],
            Manifest.AdmissionFixtures()
                .Select(name => ArgoObject.TryFrom(Manifest.AdmissionObject(name))?.Kind)
                .OfType<string>()
                .Distinct()
                .Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("configmap-create-plain.json")]
    [InlineData("configmap-create-invalid-key.json")]
    [InlineData("workflow-delete.json")]
    public void Documents_that_are_not_Argo_objects_give_no_verdict(string fixture) =>
        Assert.Null(MemoizeValidator.ValidateDocument(Manifest.AdmissionObject(fixture)));

    [Fact]
    public void An_Argo_object_without_memoize_blocks_is_clean() =>
        Assert.Empty(MemoizeValidator.ValidateDocument(Manifest.Of("Workflow", """{"templates": [{"name": "main", "container": {"image": "busybox"}}]}"""))!);

    [Fact]
    public void Every_problem_of_an_object_is_reported_at_once_in_document_order()
    {
        var document = JsonNode.Parse("""
            {
              "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
              "metadata": {"generateName": "broken-", "namespace": "argo"},
              "spec": {
                "entrypoint": "main",
                "arguments": {"parameters": [{"name": "env", "value": "Prod_1"}]},
                "templateDefaults": {"memoize": {"key": "{{workflow.parameters.env}}", "cache": {"configMap": {"name": "defaults"}}}},
                "templates": [
                  {"name": "main", "steps": [[{"name": "a", "template": "a"}]]},
                  {"name": "a", "inputs": {"parameters": [{"name": "file", "default": "a.txt"}]},
                   "memoize": {"key": "{{inputs.parameters.file}}", "maxAge": "1d", "cache": {"configMap": {"name": "Bad_Name"}}}},
                  {"name": "b", "memoize": {"maxAge": "0s", "cache": {}}},
                  {"name": "c", "memoize": {"key": "{{inputs.parameters.nope}}-{{=sprig.trunc(8, workflow.uid)}}", "maxAge": "{{workflow.parameters.ttl}}"}},
                  {"name": "d", "memoize": "yes"}
                ]
              }
            }
            """);

        var findings = MemoizeValidator.ValidateDocument(document)!;

        Assert.Equal(
            [
                $"Error: spec.templateDefaults.memoize.key: Invalid value: \"{{{{workflow.parameters.env}}}}\" (after substitution: \"Prod_1\"): {KeyRule}, e.g. \"Prod-1\"",
                "Warning: spec.templateDefaults.memoize.maxAge: Required value: without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\"",
                $"Error: spec.templates[1].memoize.key: Invalid value: \"{{{{inputs.parameters.file}}}}\" (after substitution: \"a.txt\"): {KeyRule}, e.g. \"a-txt\"",
                "Error: spec.templates[1].memoize.maxAge: Invalid value: \"1d\": time: unknown unit \"d\" in duration \"1d\"; use h, m, s, ms, us or ns, e.g. \"24h\"",
                $"Error: spec.templates[1].memoize.cache.configMap.name: Invalid value: \"Bad_Name\": {NameRule}, e.g. \"bad-name\"",
                "Warning: spec.templates[2].memoize.maxAge: Invalid value: \"0s\": a zero or negative maxAge makes every lookup miss, so nothing is ever reused; use a positive duration, e.g. \"24h\"",
                "Error: spec.templates[2].memoize.cache.configMap: Required value: the cache needs a ConfigMap, e.g. configMap: {name: my-cache}",
                "Error: spec.templates[2].memoize.key: Required value: a memoize block needs a cache key, e.g. key: \"{{inputs.parameters.message}}\"",
                "Error: spec.templates[3].memoize.key: Invalid value: \"{{inputs.parameters.nope}}\": template \"c\" declares no input parameter \"nope\"; declare it under inputs.parameters, e.g. inputs: {parameters: [{name: nope}]}",
                "Warning: spec.templates[3].memoize.key: Invalid value: \"{{inputs.parameters.nope}}-{{=sprig.trunc(8, workflow.uid)}}\": expression tags are evaluated only at run time and are not checked; make sure the result is a valid cache key",
                "Error: spec.templates[3].memoize.maxAge: Invalid value: \"{{workflow.parameters.ttl}}\": the workflow declares no parameter \"ttl\" under spec.arguments.parameters; add it, e.g. arguments: {parameters: [{name: ttl, value: \"x\"}]}",
                "Error: spec.templates[3].memoize.cache: Required value: a memoize block needs a cache ConfigMap, e.g. cache: {configMap: {name: my-cache}}",
                "Error: spec.templates[4].memoize: Invalid value: \"yes\": a memoize block must be an object with key, maxAge and cache, e.g. memoize: {key: \"{{inputs.parameters.message}}\", maxAge: \"24h\", cache: {configMap: {name: my-cache}}}",
            ],
            findings.Select(finding => $"{finding.Severity}: {finding.Message}"));
        Assert.All(findings, finding => Assert.StartsWith(finding.Path + ": ", finding.Message, StringComparison.Ordinal));
        Assert.Equal(
            [null, null, "a", "a", "a", "b", "b", "b", "c", "c", "c", "c", "d"],
            findings.Select(finding => finding.TemplateName));
        Assert.Equal("spec.templates[1].memoize.cache.configMap.name", findings[4].Path);
    }

    [Fact]
    public void Findings_of_a_block_follow_the_order_its_fields_are_written_in()
    {
        var document = Manifest.WithMemoize("""{"cache": {"configMap": {"name": "Bad"}}, "maxAge": "1d", "key": "a.b"}""");

        Assert.Equal(
            [
                "spec.templates[0].memoize.cache.configMap.name",
                "spec.templates[0].memoize.maxAge",
                "spec.templates[0].memoize.key",
            ],
            MemoizeValidator.ValidateDocument(document)!.Select(finding => finding.Path));
    }

    [Fact]
    public void A_WorkflowTemplate_parameter_left_to_submission_is_only_a_warning()
    {
        var document = Manifest.WithMemoize(
            """{"key": "{{workflow.parameters.release}}", "maxAge": "24h", "cache": {"configMap": {"name": "c"}}}""",
            kind: "WorkflowTemplate");

        var finding = Assert.Single(MemoizeValidator.ValidateDocument(document)!);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("spec.templates[0].memoize.key", finding.Path);
        Assert.Equal("main", finding.TemplateName);
    }

    [Fact]
    public void A_Workflow_whose_argument_makes_the_key_invalid_is_caught_before_it_runs()
    {
        var document = Manifest.WithMemoize(
            """{"key": "{{workflow.parameters.file}}", "maxAge": "24h", "cache": {"configMap": {"name": "c"}}}""",
            arguments: """[{"name": "file", "value": "data.csv"}]""");

        Assert.Equal(
            [$"Error: spec.templates[0].memoize.key: Invalid value: \"{{{{workflow.parameters.file}}}}\" (after substitution: \"data.csv\"): {KeyRule}, e.g. \"data-csv\""],
            Lint.All(document));
    }

    private static readonly Gen<JsonNode?> AnyScalar = Gen.Elements<Func<JsonNode?>>(
            () => null,
            () => JsonValue.Create(""),
            () => JsonValue.Create("ok-key"),
            () => JsonValue.Create("Bad_Name."),
            () => JsonValue.Create("{{inputs.parameters.x}}"),
            () => JsonValue.Create("{{workflow.parameters.p}}"),
            () => JsonValue.Create("{{=1}}"),
            () => JsonValue.Create("{{"),
            () => JsonValue.Create("}}{{ }}"),
            () => JsonValue.Create("1d"),
            () => JsonValue.Create("-5m"),
            () => JsonValue.Create("\u00B5\t\ud800"),
            () => JsonValue.Create(new string('x', 300)),
            () => JsonValue.Create(0),
            () => JsonValue.Create(-1.5),
            () => JsonValue.Create(true),
            () => new JsonArray(),
            () => new JsonObject())
        .Select(make => make());

    private static readonly Gen<JsonNode?> AnyConfigMap =
        Gen.OneOf(AnyScalar, AnyScalar.Select(name => (JsonNode?)new JsonObject { ["name"] = name }));

    private static readonly Gen<JsonNode?> AnyCache =
        Gen.OneOf(AnyScalar, AnyConfigMap.Select(configMap => (JsonNode?)new JsonObject { ["configMap"] = configMap }));

    private static readonly Gen<JsonNode?> AnyMemoize = Gen.OneOf(
        AnyScalar,
        from key in AnyScalar
        from maxAge in AnyScalar
        from cache in AnyCache
        select (JsonNode?)new JsonObject { ["key"] = key, ["maxAge"] = maxAge, ["cache"] = cache });

    private static readonly Gen<JsonObject> AnyDocument =
        from kind in Gen.Elements("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow")
        from memoize in AnyMemoize
        from defaults in AnyMemoize
        from inputName in AnyScalar
        from inputValue in AnyScalar
        from argumentValue in AnyScalar
        select Manifest.Of(kind, new JsonObject
        {
            ["arguments"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "p", ["value"] = argumentValue }, argumentValue?.DeepClone()) },
            ["templateDefaults"] = new JsonObject { ["memoize"] = defaults },
            ["templates"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = inputName,
                    ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "x", ["default"] = inputValue }, new JsonObject { ["name"] = inputName?.DeepClone() }) },
                    ["memoize"] = memoize,
                },
                inputValue?.DeepClone()),
        }.ToJsonString());

    [Fact]
    public void Validate_never_throws_and_every_message_starts_with_its_path() =>
        Check.QuickThrowOnFailure(Prop.ForAll(AnyDocument.ToArbitrary(), document =>
            MemoizeValidator.ValidateDocument(document)!.All(finding =>
                finding.Message.StartsWith(finding.Path + ": ", StringComparison.Ordinal))));
}
