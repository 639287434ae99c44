using System.Text.Json.Nodes;

namespace Memoize.Core.Objects;

/// <summary>A <c>memoize</c> field as found, whatever its JSON type, so that a malformed block can be reported.</summary>
/// <param name="Path">Field path of the memoize field.</param>
/// <param name="TemplateName">The template's name; null for templateDefaults or a template without a name.</param>
/// <param name="Node">The value of the memoize field (never null: a null field is no block).</param>
/// <param name="Template">The template (or templateDefaults) object that carries it.</param>
/// <param name="IsTemplateDefaults">True for <c>templateDefaults.memoize</c>.</param>
internal sealed record MemoizeSite(string Path, string? TemplateName, JsonNode Node, JsonObject Template, bool IsTemplateDefaults);
