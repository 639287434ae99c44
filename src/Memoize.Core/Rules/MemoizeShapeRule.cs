using FluentValidation;

namespace Memoize.Core.Rules;

/// <summary>A memoize block must be an object; anything else (a string, a list...) is reported and not looked into.</summary>
public sealed class MemoizeShapeRule : AbstractValidator<MemoizeBlockContext>
{
    /// <summary>Creates the rule.</summary>
    public MemoizeShapeRule() => RuleFor(block => block).Custom(static (block, context) =>
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
            context.AddError(block.Path, FieldMessage.Invalid(
                block.Path,
                FieldMessage.Shown(block.Node),
                "a memoize block must be an object with key, maxAge and cache, e.g. memoize: {key: \"{{inputs.parameters.message}}\", maxAge: \"24h\", cache: {configMap: {name: my-cache}}}"));
        }
    }
}
