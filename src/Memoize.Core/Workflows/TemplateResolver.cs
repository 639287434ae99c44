using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>Finds the template a node ran (SPEC section 11), preferring the copy Argo stored in the Workflow's status.</summary>
public static class TemplateResolver
{
    /// <summary>
    /// Resolves <paramref name="node"/>'s template. A <c>templateRef</c> names a WorkflowTemplate (or
    /// ClusterWorkflowTemplate) and a template in it; otherwise <c>templateName</c> is looked up in the node's
    /// <c>templateScope</c>: empty or <c>local/...</c> is the Workflow's own spec.templates (then
    /// status.storedWorkflowTemplateSpec.templates), <c>namespaced/&lt;name&gt;</c> and <c>cluster/&lt;name&gt;</c> are
    /// other objects. For those, status.storedTemplates (keyed <c>namespaced/&lt;name&gt;/&lt;template&gt;</c> or
    /// <c>cluster/&lt;name&gt;/&lt;template&gt;</c>) is preferred because it is what actually ran; else
    /// <paramref name="templateLookup"/> supplies the object. The Workflow's templateDefaults.memoize is merged under
    /// the template's memoize, field by field, as Argo merges templateDefaults.
    /// </summary>
    /// <param name="workflow">The whole Workflow object.</param>
    /// <param name="node">The node.</param>
    /// <param name="templateLookup">Returns a WorkflowTemplate or ClusterWorkflowTemplate object, or null when unknown; may be null.</param>
    public static TemplateResolution Resolve(JsonObject workflow, WorkflowNode node, Func<TemplateOwner, JsonObject?>? templateLookup = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(node);
        var spec = workflow["spec"] as JsonObject;
        var status = workflow["status"] as JsonObject;
        var storedSpec = status?["storedWorkflowTemplateSpec"] as JsonObject;
        var namespaceName = JsonFields.String(JsonFields.At(workflow, "metadata", "namespace"));

        var (template, source, problem) = Find();
        var defaults = (spec?["templateDefaults"] ?? storedSpec?["templateDefaults"]) as JsonObject;
        var memoize = template is null ? null : Merge(defaults?["memoize"] as JsonObject, template["memoize"] as JsonObject);
        return new TemplateResolution(template, memoize, source, problem);

        (JsonObject? Template, string Source, string? Problem) Find()
        {
            if (node.TemplateRef is { } reference)
            {
                var scope = reference.ClusterScope ? "cluster" : "namespaced";
                var owner = new TemplateOwner(reference.ClusterScope, reference.Name, reference.ClusterScope ? null : namespaceName);
                return FromOtherObject($"{scope}/{reference.Name}/{reference.Template}", owner, reference.Template);
            }

            if (node.TemplateName is not { } name)
            {
                return (null, "", null);
            }

            var templateScope = node.TemplateScope;
            if (templateScope.Length == 0 || templateScope.StartsWith("local/", StringComparison.Ordinal))
            {
                if (JsonFields.Named(spec?["templates"], name) is { } local)
                {
                    return (local, $"spec.templates[{name}]", null);
                }

                if (JsonFields.Named(storedSpec?["templates"], name) is { } stored)
                {
                    return (stored, $"status.storedWorkflowTemplateSpec.templates[{name}]", null);
                }

                return (null, "", $"template \"{name}\" is not in the workflow's spec.templates nor in status.storedWorkflowTemplateSpec");
            }

            var slash = templateScope.IndexOf('/', StringComparison.Ordinal);
            var kind = slash < 0 ? templateScope : templateScope[..slash];
            var ownerName = slash < 0 ? "" : templateScope[(slash + 1)..];
            if (kind is not ("namespaced" or "cluster") || ownerName.Length == 0)
            {
                return (null, "", $"template scope \"{templateScope}\" is not one of local/..., namespaced/<name>, cluster/<name>");
            }

            var clusterScope = kind == "cluster";
            return FromOtherObject($"{templateScope}/{name}", new TemplateOwner(clusterScope, ownerName, clusterScope ? null : namespaceName), name);
        }

        (JsonObject? Template, string Source, string? Problem) FromOtherObject(string storedKey, TemplateOwner owner, string templateName)
        {
            if ((status?["storedTemplates"] as JsonObject)?[storedKey] is JsonObject stored)
            {
                return (stored, $"status.storedTemplates[\"{storedKey}\"]", null);
            }

            if (templateLookup?.Invoke(owner) is not { } ownerObject)
            {
                return (null, "", $"{owner} is not known, and status.storedTemplates has no \"{storedKey}\"");
            }

            var ownerSpec = ownerObject["spec"] as JsonObject;
            return JsonFields.Named(ownerSpec?["templates"], templateName) is { } found
                ? (found, $"{owner} spec.templates[{templateName}]", null)
                : (null, "", $"{owner} has no template \"{templateName}\"");
        }
    }

    /// <summary>JSON merge of <paramref name="overrides"/> onto <paramref name="defaults"/>: objects merge key by key, anything else is replaced.</summary>
    internal static JsonObject? Merge(JsonObject? defaults, JsonObject? overrides)
    {
        if (defaults is null)
        {
            return overrides?.DeepClone() as JsonObject;
        }

        var merged = (JsonObject)defaults.DeepClone();
        if (overrides is null)
        {
            return merged;
        }

        foreach (var (key, value) in overrides)
        {
            merged[key] = value is JsonObject child && merged[key] is JsonObject existing
                ? Merge(existing, child)
                : value?.DeepClone();
        }

        return merged;
    }
}
