using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Core.Objects;

/// <summary>Finds every memoize block of an Argo object with its exact field path.</summary>
public static class MemoizeBlockLocator
{
    /// <summary>Every memoize block in templates and templateDefaults (under spec.workflowSpec for CronWorkflow), in document order.</summary>
    public static IReadOnlyList<MemoizeBlock> Locate(ArgoObject argoObject) =>
        LocateSites(argoObject)
            .Where(site => site.Node is JsonObject)
            .Select(site => new MemoizeBlock(site.Path, site.TemplateName, (JsonObject)site.Node, site.Template))
            .ToList();

    /// <summary>
    /// The template and cache name of every memoize block (objects only, as <see cref="Locate"/> finds them), in
    /// document order, over read-only JSON: the webhook's hints read these and build no node of the object.
    /// </summary>
    public static IReadOnlyList<MemoizeCacheReference> CacheReferences(ReadOnlyArgoObject argoObject) =>
        ReadOnlySites(argoObject)
            .Where(site => site.Memoize.ValueKind == JsonValueKind.Object)
            .Select(site => new MemoizeCacheReference(site.IsTemplateDefaults ? null : JsonProperties.NonEmptyString(site.Template, "name"u8), CacheNameOf(site.Memoize)))
            .ToList();

    /// <summary>Every non-null memoize field over read-only JSON, objects or not, in document order (the rules walk these).</summary>
    public static IEnumerable<ReadOnlyMemoizeSite> ReadOnlySites(ReadOnlyArgoObject argoObject)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        if (argoObject.WorkflowSpec is not { } spec)
        {
            yield break;
        }

        // Walk the spec's fields in the order written, so findings follow the document.
        foreach (var field in spec.EnumerateObject())
        {
            if (field.NameEquals("templateDefaults"u8) && JsonProperties.Get(field.Value, "memoize"u8) is { } defaultsMemoize)
            {
                yield return new ReadOnlyMemoizeSite(-1, field.Value, defaultsMemoize);
            }
            else if (field.NameEquals("templates"u8) && field.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var template in field.Value.EnumerateArray())
                {
                    if (JsonProperties.Get(template, "memoize"u8) is { } memoize)
                    {
                        yield return new ReadOnlyMemoizeSite(index, template, memoize);
                    }

                    index++;
                }
            }
        }
    }

    /// <summary>Every non-null memoize field, objects or not, in document order.</summary>
    internal static IReadOnlyList<MemoizeSite> LocateSites(ArgoObject argoObject)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        var sites = new List<MemoizeSite>();
        var spec = argoObject.WorkflowSpec;
        if (spec is null)
        {
            return sites;
        }

        var specPath = argoObject.WorkflowSpecPath;
        // Walk the spec's fields in the order written, so findings follow the document.
        foreach (var (field, value) in spec)
        {
            if (field == "templateDefaults" && value is JsonObject defaults && defaults["memoize"] is { } defaultsMemoize)
            {
                sites.Add(new MemoizeSite($"{specPath}.templateDefaults.memoize", null, defaultsMemoize, defaults, true));
            }
            else if (field == "templates" && value is JsonArray templates)
            {
                for (var i = 0; i < templates.Count; i++)
                {
                    if (templates[i] is JsonObject template && template["memoize"] is { } memoize)
                    {
                        var path = string.Create(CultureInfo.InvariantCulture, $"{specPath}.templates[{i}].memoize");
                        sites.Add(new MemoizeSite(path, TemplateNameOf(template), memoize, template, false));
                    }
                }
            }
        }

        return sites;
    }

    // memoize.cache.configMap.name when both levels are objects and the name is a string, as MemoizeBlock.CacheName.
    private static string? CacheNameOf(JsonElement block) =>
        JsonProperties.String(JsonProperties.Object(JsonProperties.Object(block, "cache"u8), "configMap"u8), "name"u8);

    private static string? TemplateNameOf(JsonObject template) =>
        template["name"] is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0 ? name : null;
}
