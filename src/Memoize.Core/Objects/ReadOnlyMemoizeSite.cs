using System.Text.Json;

namespace Memoize.Core.Objects;

/// <summary>A <c>memoize</c> field found over read-only JSON, whatever its JSON type (the read-only <see cref="MemoizeSite"/>).</summary>
/// <param name="TemplateIndex">The template's index in spec.templates; -1 for templateDefaults.</param>
/// <param name="Template">The template (or templateDefaults) object that carries it.</param>
/// <param name="Memoize">The value of the memoize field (never JSON null: a null field is no block).</param>
public readonly record struct ReadOnlyMemoizeSite(int TemplateIndex, JsonElement Template, JsonElement Memoize)
{
    /// <summary>True for <c>templateDefaults.memoize</c>.</summary>
    public bool IsTemplateDefaults => TemplateIndex < 0;
}
