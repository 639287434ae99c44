using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Memoize.Core.Keys;
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
    public CacheKeyRule() => RuleFor(block => block).Custom(Check);

    /// <summary>The rule's check, also run by <see cref="MemoizeBlockRules"/> with the others in one pass.</summary>
    internal static void Check(MemoizeBlockContext block, ValidationContext<MemoizeBlockContext> context)
    {
        if (block.Block is null)
        {
            return;
        }

        var path = block.KeyPath;
        var node = block.Block["key"];
        if (node is null || (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0))
        {
            context.AddError(path, FieldMessage.Required(path, "a memoize block needs a cache key, e.g. key: \"{{inputs.parameters.message}}\""));
            return;
        }

        if (block.Key is not { } key)
        {
            var suggestion = node is JsonValue ? GoQuote.Quote(CacheKey.SuggestFix(node.ToJsonString())) : "\"{{inputs.parameters.message}}\"";
            context.AddError(path, FieldMessage.Invalid(path, FieldMessage.Shown(node), $"the cache key must be a string; quote it, e.g. key: {suggestion}"));
            return;
        }

        CheckCharacters(path, key, context);
        CheckLength(path, key, context);
    }

    private static void CheckCharacters(string path, TemplatedField key, ValidationContext<MemoizeBlockContext> context)
    {
        var literalIsBad = key.KnownParts(literalOnly: true).Any(part => !CacheKey.IsValidPart(part.Text, part.AtStart, part.AtEnd));
        var knownIsBad = literalIsBad || key.KnownParts(literalOnly: false).Any(part => !CacheKey.IsValidPart(part.Text, part.AtStart, part.AtEnd));
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
        context.AddError(path, FieldMessage.Invalid(path, shown, $"{Rule}, e.g. {GoQuote.Quote(example)}"));
    }

    private static void CheckLength(string path, TemplatedField key, ValidationContext<MemoizeBlockContext> context)
    {
        var length = key.KnownLength;
        if (length <= CacheKey.MaxLength)
        {
            return;
        }

        var count = key.IsFullyKnown ? $"{length}" : $"at least {length}";
        context.AddError(path, FieldMessage.TooLong(
            path,
            $"the cache key has {count} characters, at most {CacheKey.MaxLength} are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output"));
    }
}
