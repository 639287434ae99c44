using System.Globalization;
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

    private static string? TemplateNameOf(JsonObject template) =>
        template["name"] is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0 ? name : null;
}
