using System.Text.Json.Nodes;

namespace Memoize.Core.Tests;

/// <summary>Builds Argo objects as JSON for the tests, and reads the recorded fixtures.</summary>
internal static class Manifest
{
    /// <summary>Path of the memoize block that <see cref="WithMemoize"/> builds (for a Workflow).</summary>
    public const string BlockPath = "spec.templates[0].memoize";

    /// <summary>An object of <paramref name="kind"/> whose workflow spec is <paramref name="specJson"/>.</summary>
    public static JsonObject Of(string kind, string specJson, string name = "memo")
    {
        var spec = JsonNode.Parse(specJson)!.AsObject();
        var metadata = kind == "ClusterWorkflowTemplate"
            ? new JsonObject { ["name"] = name }
            : new JsonObject { ["name"] = name, ["namespace"] = "argo" };
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["spec"] = kind == "CronWorkflow" ? new JsonObject { ["schedule"] = "0 * * * *", ["workflowSpec"] = spec } : spec,
        };
    }

    /// <summary>
    /// One template named "main" carrying <paramref name="memoizeJson"/>, with optional input parameters
    /// (a JSON array) and workflow arguments (a JSON array of parameters).
    /// </summary>
    public static JsonObject WithMemoize(string memoizeJson, string? inputs = null, string? arguments = null, string kind = "Workflow")
    {
        var template = new JsonObject { ["name"] = "main" };
        if (inputs is not null)
        {
            template["inputs"] = new JsonObject { ["parameters"] = JsonNode.Parse(inputs) };
        }

        template["memoize"] = JsonNode.Parse(memoizeJson);
        template["container"] = new JsonObject { ["image"] = "busybox" };
        var spec = new JsonObject { ["entrypoint"] = "main", ["templates"] = new JsonArray(template) };
        if (arguments is not null)
        {
            spec["arguments"] = new JsonObject { ["parameters"] = JsonNode.Parse(arguments) };
        }

        return Of(kind, spec.ToJsonString());
    }

    /// <summary>A well-formed block whose <paramref name="field"/> is replaced by <paramref name="valueJson"/> (or removed when null).</summary>
    public static string Block(string field, string? valueJson)
    {
        var block = JsonNode.Parse("""{"key": "my-key", "maxAge": "24h", "cache": {"configMap": {"name": "my-cache"}}}""")!.AsObject();
        if (field == "name")
        {
            var configMap = block["cache"]!["configMap"]!.AsObject();
            configMap.Remove("name");
            if (valueJson is not null)
            {
                configMap["name"] = JsonNode.Parse(valueJson);
            }
        }
        else
        {
            block.Remove(field);
            if (valueJson is not null)
            {
                block[field] = JsonNode.Parse(valueJson);
            }
        }

        return block.ToJsonString();
    }

    /// <summary>The <c>request.object</c> of a recorded AdmissionReview in fixtures/admission.</summary>
    public static JsonNode? AdmissionObject(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "admission", fileName);
        return JsonNode.Parse(File.ReadAllText(path))!["request"]!["object"];
    }

    /// <summary>Every recorded AdmissionReview file name.</summary>
    public static IEnumerable<string> AdmissionFixtures() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "admission"), "*.json")
            .Select(Path.GetFileName)
            .Where(name => name != "request-headers.json")
            .Order(StringComparer.Ordinal)!;
}
