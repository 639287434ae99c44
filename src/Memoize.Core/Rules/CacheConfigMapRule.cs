using System.Text.Json;
using FluentValidation;
using Memoize.Core.Keys;
using Memoize.Core.Objects;
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
    public CacheConfigMapRule() => RuleFor(block => block).Custom(static (block, context) =>
    {
        var findings = new RuleFindings();
        Check(block, findings);
        findings.CopyTo(context);
    });

    /// <summary>The rule's check, also run by <see cref="MemoizeBlockRules"/> with the others in one pass.</summary>
    internal static void Check(MemoizeBlockContext block, RuleFindings context)
    {
        if (block.Block is null)
        {
            return;
        }

        var cache = block.CacheNode;
        if (cache is not { } cacheValue)
        {
            var cachePath = $"{block.Path}.cache";
            context.AddError(cachePath, FieldMessage.Required(cachePath, "a memoize block needs a cache ConfigMap, e.g. cache: {configMap: {name: my-cache}}"));
            return;
        }

        if (cacheValue.ValueKind != JsonValueKind.Object)
        {
            var cachePath = $"{block.Path}.cache";
            context.AddError(cachePath, FieldMessage.Invalid(cachePath, FieldMessage.Shown(cacheValue), "the cache must be an object naming a ConfigMap, e.g. cache: {configMap: {name: my-cache}}"));
            return;
        }

        var configMap = JsonProperties.Get(cacheValue, "configMap"u8);
        if (configMap is not { } configMapValue)
        {
            var configMapPath = $"{block.Path}.cache.configMap";
            context.AddError(configMapPath, FieldMessage.Required(configMapPath, "the cache needs a ConfigMap, e.g. configMap: {name: my-cache}"));
            return;
        }

        if (configMapValue.ValueKind != JsonValueKind.Object)
        {
            var configMapPath = $"{block.Path}.cache.configMap";
            context.AddError(configMapPath, FieldMessage.Invalid(configMapPath, FieldMessage.Shown(configMapValue), "the ConfigMap must be an object with a name, e.g. configMap: {name: my-cache}"));
            return;
        }

        CheckName(block, context);
    }

    private static void CheckName(MemoizeBlockContext block, RuleFindings context)
    {
        var node = block.CacheName;
        if (node is not { } value || (value.ValueKind == JsonValueKind.String && value.ValueEquals(""u8)))
        {
            var path = block.CacheNamePath;
            context.AddError(path, FieldMessage.Required(path, "the cache ConfigMap needs a name, e.g. name: my-cache"));
            return;
        }

        if (block.CacheNameField is not { } name)
        {
            var path = block.CacheNamePath;
            var suggestion = value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) ? ConfigMapName.SuggestFix(JsonProperties.Compact(value)) : ConfigMapName.Example;
            context.AddError(path, FieldMessage.Invalid(path, FieldMessage.Shown(value), $"the ConfigMap name must be a string, e.g. name: {GoQuote.Quote(suggestion)}"));
            return;
        }

        var literalIsBad = IsBad(name, literalOnly: true);
        // Without a substituted value both views are the same text: one pass tells.
        if (!literalIsBad && (!name.HasSubstitution || !IsBad(name, literalOnly: false)))
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
        var namePath = block.CacheNamePath;
        context.AddError(namePath, FieldMessage.Invalid(namePath, shown, $"{Rule}, e.g. {GoQuote.Quote(example)}"));
    }

    private static bool IsBad(TemplatedField name, bool literalOnly) =>
        !name.KnownPartsPass(literalOnly, ConfigMapName.IsValidPart) || name.KnownPartsLength(literalOnly) > ConfigMapName.MaxLength;
}
