using FluentValidation;

namespace Memoize.Core.Rules;

/// <summary>
/// Every memoize rule as one FluentValidation validator: one validation context per block instead of one per rule
/// per block, which was most of the cost of checking a large Workflow. The rules run in the order the separate
/// validators ran, so findings come out the same.
/// </summary>
public sealed class MemoizeBlockRules : AbstractValidator<MemoizeBlockContext>
{
    /// <summary>Creates the validator.</summary>
    public MemoizeBlockRules() => RuleFor(block => block).Custom(static (block, context) =>
    {
        MemoizeShapeRule.Check(block, context);
        CacheKeyRule.Check(block, context);
        MaxAgeRule.Check(block, context);
        CacheConfigMapRule.Check(block, context);
        TemplateVariableRule.Check(block, context);
        ExpressionTagRule.Check(block, context);
    });
}
