using System.Text.Json.Nodes;

namespace Memoize.Core.Objects;

/// <summary>One memoize block found in an Argo object, with the template that carries it.</summary>
/// <param name="Path">Field path of the block, e.g. <c>spec.templates[3].memoize</c>.</param>
/// <param name="TemplateName">The template's name; null for templateDefaults.</param>
/// <param name="Block">The memoize object itself.</param>
/// <param name="Template">The template object (or templateDefaults) that carries the block.</param>
public sealed record MemoizeBlock(string Path, string? TemplateName, JsonObject Block, JsonObject Template)
{
    /// <summary>memoize.key as written (may hold {{...}} tags), or null when absent or not a string.</summary>
    public string? Key => (Block["key"] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : null;

    /// <summary>memoize.maxAge as written, or null when absent or not a string.</summary>
    public string? MaxAge => (Block["maxAge"] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : null;

    /// <summary>memoize.cache.configMap.name as written, or null when absent or not a string.</summary>
    public string? CacheName =>
        // Each level checked as an object: indexing any other JSON node throws, and a hostile review can put anything here.
        Block["cache"] is JsonObject cache && cache["configMap"] is JsonObject configMap && (configMap["name"] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : null;

    /// <summary>True for the block under templateDefaults, which Argo merges into every template.</summary>
    public bool IsTemplateDefaults => Path.EndsWith(".templateDefaults.memoize", StringComparison.Ordinal);
}
