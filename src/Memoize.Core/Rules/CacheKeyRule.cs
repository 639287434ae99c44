using System.Text.Json;
using FluentValidation;
using Memoize.Core.Keys;
using Memoize.Core.Objects;
using Memoize.Core.Text;

namespace Memoize.Core.Rules;

/// <summary>
/// memoize.key: present, a string, a valid Argo cache key (checked on the literal parts, and on the whole
/// key once every tag's value is known) and at most 253 characters.
/// </summary>
public sealed class CacheKeyRule : AbstractValidator<MemoizeBlockContext>
{
    private const string Rule =
        "invalid cache key: a key must start with a letter or digit and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$)";

    /// <summary>Creates the rule.</summary>
    public CacheKeyRule() => RuleFor(block => block).Custom(static (block, context) =>
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

        var node = block.KeyNode;
        if (node is not { } value || (value.ValueKind == JsonValueKind.String && value.ValueEquals(""u8)))
        {
            var path = block.KeyPath;
            context.AddError(path, FieldMessage.Required(path, "a memoize block needs a cache key, e.g. key: \"{{inputs.parameters.message}}\""));
            return;
        }

        if (block.Key is not { } key)
        {
            var path = block.KeyPath;
            var suggestion = value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) ? GoQuote.Quote(CacheKey.SuggestFix(JsonProperties.Compact(value))) : "\"{{inputs.parameters.message}}\"";
            context.AddError(path, FieldMessage.Invalid(path, FieldMessage.Shown(value), $"the cache key must be a string; quote it, e.g. key: {suggestion}"));
            return;
        }

        CheckCharacters(block, key, context);
        CheckLength(block, key, context);
    }

    private static void CheckCharacters(MemoizeBlockContext block, TemplatedField key, RuleFindings context)
    {
        var literalIsBad = !key.KnownPartsPass(literalOnly: true, CacheKey.IsValidPart);
        // Without a substituted value both views are the same text: one pass tells.
        var knownIsBad = literalIsBad || (key.HasSubstitution && !key.KnownPartsPass(literalOnly: false, CacheKey.IsValidPart));
        if (!knownIsBad)
        {
            return;
        }

        // Blame the substitution only when the text as written is fine and a value made it invalid.
        var blameSubstitution = !literalIsBad && key.HasSubstitution;
        var literalOnly = !blameSubstitution;
        var example = key.Rewrite(literalOnly, (text, atStart, _) => CacheKey.SanitizePart(text, atStart));
        if (!key.RewriteKeepsTags(literalOnly))
        {
            example = CacheKey.SuggestFix(example);
        }

        var shown = blameSubstitution ? FieldMessage.Written(key.Written, key.Substituted) : FieldMessage.Written(key.Written);
        var path = block.KeyPath;
        context.AddError(path, FieldMessage.Invalid(path, shown, $"{Rule}, e.g. {GoQuote.Quote(example)}"));
    }

    private static void CheckLength(MemoizeBlockContext block, TemplatedField key, RuleFindings context)
    {
        var length = key.KnownLength;
        if (length <= CacheKey.MaxLength)
        {
            return;
        }

        var count = key.IsFullyKnown ? $"{length}" : $"at least {length}";
        var path = block.KeyPath;
        context.AddError(path, FieldMessage.TooLong(
            path,
            $"the cache key has {count} characters, at most {CacheKey.MaxLength} are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output"));
    }
}
