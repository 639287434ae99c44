using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Memoize.Core.Keys;
using Memoize.Core.Text;

namespace Memoize.Core.Rules;

/// <summary>
/// memoize.cache.configMap.name: the cache and its ConfigMap must be given, and the name must be a valid
/// ConfigMap name (a lowercase RFC 1123 subdomain of at most 253 characters), literally or once substituted.
/// </summary>
public sealed class CacheConfigMapRule : AbstractValidator<MemoizeBlockContext>
{
    private const string Rule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters";

    /// <summary>Creates the rule.</summary>
    public CacheConfigMapRule() => RuleFor(block => block).Custom(Check);

    /// <summary>The rule's check, also run by <see cref="MemoizeBlockRules"/> with the others in one pass.</summary>
    internal static void Check(MemoizeBlockContext block, ValidationContext<MemoizeBlockContext> context)
    {
        if (block.Block is null)
        {
            return;
        }

        var cachePath = $"{block.Path}.cache";
        var cache = block.Block["cache"];
        if (cache is null)
        {
            context.AddError(cachePath, FieldMessage.Required(cachePath, "a memoize block needs a cache ConfigMap, e.g. cache: {configMap: {name: my-cache}}"));
            return;
        }

        if (cache is not JsonObject)
        {
            context.AddError(cachePath, FieldMessage.Invalid(cachePath, FieldMessage.Shown(cache), "the cache must be an object naming a ConfigMap, e.g. cache: {configMap: {name: my-cache}}"));
            return;
        }

        var configMapPath = $"{cachePath}.configMap";
        var configMap = cache["configMap"];
        if (configMap is null)
        {
            context.AddError(configMapPath, FieldMessage.Required(configMapPath, "the cache needs a ConfigMap, e.g. configMap: {name: my-cache}"));
            return;
        }

        if (configMap is not JsonObject)
        {
            context.AddError(configMapPath, FieldMessage.Invalid(configMapPath, FieldMessage.Shown(configMap), "the ConfigMap must be an object with a name, e.g. configMap: {name: my-cache}"));
            return;
        }

        CheckName(block.CacheNamePath, block, context);
    }

    private static void CheckName(string path, MemoizeBlockContext block, ValidationContext<MemoizeBlockContext> context)
    {
        var node = block.CacheName;
        if (node is null || (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0))
        {
            context.AddError(path, FieldMessage.Required(path, "the cache ConfigMap needs a name, e.g. name: my-cache"));
            return;
        }

        if (block.CacheNameField is not { } name)
        {
            var suggestion = node is JsonValue ? ConfigMapName.SuggestFix(node.ToJsonString()) : ConfigMapName.Example;
            context.AddError(path, FieldMessage.Invalid(path, FieldMessage.Shown(node), $"the ConfigMap name must be a string, e.g. name: {GoQuote.Quote(suggestion)}"));
            return;
        }

        var literalIsBad = IsBad(name, literalOnly: true);
        if (!literalIsBad && !IsBad(name, literalOnly: false))
        {
            return;
        }

        // Blame the substitution only when the name as written is fine and a value made it invalid.
        var blameSubstitution = !literalIsBad && name.HasSubstitution;
        var literalOnly = !blameSubstitution;
        var example = name.Rewrite(literalOnly, ConfigMapName.SanitizePart);
        if (!name.RewriteKeepsTags(literalOnly))
        {
            example = ConfigMapName.SuggestFix(example);
        }

        var shown = blameSubstitution ? FieldMessage.Written(name.Written, name.Substituted) : FieldMessage.Written(name.Written);
        context.AddError(path, FieldMessage.Invalid(path, shown, $"{Rule}, e.g. {GoQuote.Quote(example)}"));
    }

    private static bool IsBad(TemplatedField name, bool literalOnly)
    {
        var parts = name.KnownParts(literalOnly).ToList();
        return parts.Any(part => !ConfigMapName.IsValidPart(part.Text, part.AtStart, part.AtEnd))
            || parts.Sum(part => part.Text.Length) > ConfigMapName.MaxLength;
    }
}
