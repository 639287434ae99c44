using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>The template a node ran, where it was found, and its memoize block with templateDefaults merged in.</summary>
/// <param name="Template">The template; null when the node has none (StepGroup, TaskGroup) or it could not be found.</param>
/// <param name="Memoize">The effective memoize block (template's fields over templateDefaults'); null when the template is not memoized.</param>
/// <param name="Source">Where the template came from, e.g. <c>status.storedTemplates["namespaced/build/compile"]</c>.</param>
/// <param name="Problem">Why the node's template could not be found; null when found or when the node has none.</param>
public sealed record TemplateResolution(JsonObject? Template, JsonObject? Memoize, string Source, string? Problem);
