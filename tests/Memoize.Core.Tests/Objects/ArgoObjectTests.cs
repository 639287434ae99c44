using System.Text.Json.Nodes;
using Memoize.Core.Objects;

namespace Memoize.Core.Tests.Objects;

public class ArgoObjectTests
{
    [Theory]
    [InlineData("Workflow", "argo")]
    [InlineData("WorkflowTemplate", "argo")]
    [InlineData("CronWorkflow", "argo")]
    [InlineData("ClusterWorkflowTemplate", null)]
    public void TryFrom_recognises_each_Argo_kind_with_its_name_and_namespace(string kind, string? expectedNamespace)
    {
        var document = Manifest.Of(kind, """{"templates": []}""", name: "memo");

        var argoObject = ArgoObject.TryFrom(document);

        Assert.NotNull(argoObject);
        Assert.Equal(kind, argoObject.Kind);
        Assert.Equal("memo", argoObject.Name);
        Assert.Equal("memo", argoObject.DisplayName);
        Assert.Null(argoObject.GenerateName);
        Assert.Equal(expectedNamespace, argoObject.Namespace);
        Assert.Same(document, argoObject.Root);
    }

    [Fact]
    public void TryFrom_gives_a_ClusterWorkflowTemplate_no_namespace_even_when_one_is_written()
    {
        var document = Manifest.Of("ClusterWorkflowTemplate", "{}");
        document["metadata"]!["namespace"] = "argo";

        Assert.Null(ArgoObject.TryFrom(document)!.Namespace);
    }

    [Fact]
    public void TryFrom_reads_generateName_when_the_mutating_webhook_sees_no_name_yet()
    {
        var argoObject = ArgoObject.TryFrom(Manifest.AdmissionObject("workflow-create-generatename.mutating.json"))!;

        Assert.Null(argoObject.Name);
        Assert.Equal("memoized-", argoObject.GenerateName);
        Assert.Equal("memoized-", argoObject.DisplayName);
        Assert.Equal("argo", argoObject.Namespace);
    }

    [Fact]
    public void TryFrom_reads_the_generated_name_the_validating_webhook_sees()
    {
        var argoObject = ArgoObject.TryFrom(Manifest.AdmissionObject("workflow-create-generatename.validating.json"))!;

        Assert.Equal("memoized-66mxx", argoObject.Name);
        Assert.Equal("memoized-", argoObject.GenerateName);
        Assert.Equal("memoized-66mxx", argoObject.DisplayName);
    }

    [Theory]
    [InlineData("example.com/v1", "Workflow")]
    [InlineData("argoproj.io.evil.com/v1alpha1", "Workflow")]
    [InlineData("v1", "Workflow")]
    [InlineData("v1", "ConfigMap")]
    [InlineData("argoproj.io/v1alpha1", "WorkflowEventBinding")]
    [InlineData("argoproj.io/v1alpha1", "workflow")]
    [InlineData("argoproj.io/v1alpha1", "")]
    public void TryFrom_yields_nothing_for_other_groups_and_kinds(string apiVersion, string kind)
    {
        var document = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["spec"] = new JsonObject() };

        Assert.Null(ArgoObject.TryFrom(document));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"Workflow\"")]
    [InlineData("{}")]
    [InlineData("""{"kind": "Workflow"}""")]
    [InlineData("""{"apiVersion": 1, "kind": "Workflow"}""")]
    [InlineData("""{"apiVersion": "argoproj.io/v1alpha1", "kind": ["Workflow"]}""")]
    public void TryFrom_yields_nothing_for_documents_that_are_not_Argo_objects(string json) =>
        Assert.Null(ArgoObject.TryFrom(JsonNode.Parse(json)));

    [Fact]
    public void TryFrom_accepts_a_missing_or_odd_metadata()
    {
        var document = Manifest.Of("Workflow", "{}");
        document["metadata"] = "oops";

        var argoObject = ArgoObject.TryFrom(document)!;

        Assert.Null(argoObject.Name);
        Assert.Equal("", argoObject.DisplayName);
    }

    [Theory]
    [InlineData("clusterworkflowtemplate-create.json", "ClusterWorkflowTemplate")]
    [InlineData("cronworkflow-create.json", "CronWorkflow")]
    [InlineData("workflow-create-by-serviceaccount.json", "Workflow")]
    [InlineData("workflow-create-kubectl-apply.json", "Workflow")]
    [InlineData("workflowtemplate-create.json", "WorkflowTemplate")]
    [InlineData("configmap-create-plain.json", null)]
    [InlineData("configmap-create-cache-unlabelled.json", null)]
    [InlineData("workflow-delete.json", null)]
    public void TryFrom_reads_the_recorded_admission_objects(string fixture, string? expectedKind) =>
        Assert.Equal(expectedKind, ArgoObject.TryFrom(Manifest.AdmissionObject(fixture))?.Kind);

    [Theory]
    [InlineData("Workflow", "spec", false)]
    [InlineData("WorkflowTemplate", "spec", true)]
    [InlineData("ClusterWorkflowTemplate", "spec", true)]
    [InlineData("CronWorkflow", "spec.workflowSpec", false)]
    public void WorkflowSpec_is_spec_except_for_a_CronWorkflow(string kind, string specPath, bool isTemplate)
    {
        var argoObject = ArgoObject.TryFrom(Manifest.Of(kind, """{"entrypoint": "main"}"""))!;

        Assert.Equal(specPath, argoObject.WorkflowSpecPath);
        Assert.Equal("main", (string?)argoObject.WorkflowSpec!["entrypoint"]);
        Assert.Equal(isTemplate, argoObject.IsTemplate);
    }
}
