using System.Text.Json.Nodes;

namespace Memoize.Core.Cache;

/// <summary>
/// Puts node outputs into the field order Go's json.Marshal gives Argo's Outputs, Parameter, ValueFrom and
/// Artifact structs. The API server returns custom resources with sorted keys (Go marshals maps sorted), so
/// outputs read from a Workflow arrive as <c>{"exitCode":…,"parameters":…}</c>; Argo writes
/// <c>{"parameters":…,"exitCode":…}</c>. Known fields go first in struct order; unknown ones follow as they came.
/// </summary>
public static class ArgoOutputsOrder
{
    // v1alpha1.Outputs
    private static readonly string[] OutputsFields = ["parameters", "artifacts", "result", "exitCode"];

    // v1alpha1.Parameter
    private static readonly string[] ParameterFields = ["name", "default", "value", "valueFrom", "globalName", "enum", "description"];

    // v1alpha1.ValueFrom
    private static readonly string[] ValueFromFields =
        ["path", "jsonPath", "jqFilter", "event", "parameter", "supplied", "configMapKeyRef", "default", "expression"];

    // v1alpha1.Artifact with its inlined ArtifactLocation; the locations' own fields keep the order they came in.
    private static readonly string[] ArtifactFields =
    [
        "name", "path", "mode", "from", "archiveLogs",
        "s3", "git", "http", "artifactory", "hdfs", "raw", "oss", "gcs", "azure",
        "globalName", "archive", "optional", "subPath", "recurseMode", "fromExpression", "artifactGC", "deleted",
    ];

    /// <summary>A copy of <paramref name="outputs"/> in Argo's field order; anything that is not an object is copied as is.</summary>
    public static JsonNode? Canonical(JsonNode? outputs)
    {
        if (outputs is not JsonObject outputsObject)
        {
            return outputs?.DeepClone();
        }

        var ordered = Reorder(outputsObject, OutputsFields);
        if (ordered["parameters"] is JsonArray parameters)
        {
            ordered["parameters"] = ReorderItems(parameters, ParameterFields, parameter =>
            {
                if (parameter["valueFrom"] is JsonObject valueFrom)
                {
                    parameter["valueFrom"] = Reorder(valueFrom, ValueFromFields);
                }
            });
        }
        if (ordered["artifacts"] is JsonArray artifacts)
        {
            ordered["artifacts"] = ReorderItems(artifacts, ArtifactFields, _ => { });
        }
        return ordered;
    }

    private static JsonArray ReorderItems(JsonArray items, string[] fields, Action<JsonObject> reorderNested)
    {
        var result = new JsonArray();
        foreach (var item in items)
        {
            if (item is JsonObject itemObject)
            {
                var ordered = Reorder(itemObject, fields);
                reorderNested(ordered);
                result.Add(ordered);
            }
            else
            {
                result.Add(item?.DeepClone());
            }
        }
        return result;
    }

    private static JsonObject Reorder(JsonObject source, string[] fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            if (source.TryGetPropertyValue(field, out var value))
            {
                result[field] = value?.DeepClone();
            }
        }
        foreach (var (name, value) in source)
        {
            if (!result.ContainsKey(name))
            {
                result[name] = value?.DeepClone();
            }
        }
        return result;
    }
}
