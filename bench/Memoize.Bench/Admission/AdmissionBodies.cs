using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Memoize.Bench.Admission;

/// <summary>
/// The AdmissionReview bodies the admission benchmarks send, all built from the recorded fixtures so that they are
/// what kube-apiserver sends: the small Workflow as recorded, the same Workflow with N memoized templates, a plain
/// ConfigMap for /mutate, and an UPDATE whose spec is unchanged (a status write).
/// </summary>
public static class AdmissionBodies
{
    /// <summary>The recorded <c>kubectl apply</c> of a Workflow with one memoized template.</summary>
    public static byte[] SmallWorkflow() => File.ReadAllBytes(Fixture("workflow-create-kubectl-apply.json"));

    /// <summary>A plain ConfigMap CREATE (the common case on /mutate: most ConfigMaps are not caches).</summary>
    public static byte[] PlainConfigMap() => File.ReadAllBytes(Fixture("configmap-create-plain.json"));

    /// <summary>The recorded Workflow with its one template copied to <paramref name="templates"/> memoized templates.</summary>
    public static byte[] WorkflowWithTemplates(int templates) => Serialize(ReviewWithTemplates(templates));

    /// <summary>An UPDATE of the <paramref name="templates"/>-template Workflow that changes only a label: spec unchanged.</summary>
    public static byte[] UnchangedSpecUpdate(int templates)
    {
        var review = ReviewWithTemplates(templates);
        var request = review["request"]!.AsObject();
        var old = request["object"]!.DeepClone().AsObject();
        request["operation"] = "UPDATE";
        request["object"]!["metadata"]!.AsObject()["labels"] = new JsonObject { ["team"] = "data" };
        request["oldObject"] = old;
        return Serialize(review);
    }

    private static JsonObject ReviewWithTemplates(int templates)
    {
        var review = JsonNode.Parse(SmallWorkflow())!.AsObject();
        var spec = review["request"]!["object"]!["spec"]!.AsObject();
        var template = spec["templates"]![0]!;
        var copies = new JsonArray();
        for (var i = 0; i < templates; i++)
        {
            var copy = template.DeepClone().AsObject();
            copy["name"] = string.Create(CultureInfo.InvariantCulture, $"main-{i}");
            copy["memoize"]!["cache"]!["configMap"]!["name"] = string.Create(CultureInfo.InvariantCulture, $"greeting-cache-{i % 10}");
            copy["memoize"]!["key"] = string.Create(CultureInfo.InvariantCulture, $"step-{i}-{{{{inputs.parameters.message}}}}-{{{{workflow.parameters.message}}}}");
            copies.Add(copy);
        }

        spec["templates"] = copies;
        spec["entrypoint"] = "main-0";
        return review;
    }

    private static byte[] Serialize(JsonNode review) => Encoding.UTF8.GetBytes(review.ToJsonString());

    private static string Fixture(string name) => Path.Combine(RepositoryRoot(), "tests", "fixtures", "admission", name);

    /// <summary>The repository root: the first directory above the running assembly that holds Webhook.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Webhook.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Webhook.sln above {AppContext.BaseDirectory}: run the benchmark from the repository");
    }
}
