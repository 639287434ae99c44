using FluentValidation;

namespace Memoize.Core.Rules;

/// <summary>An expression tag (<c>{{=...}}</c>) in key, maxAge or cache name is evaluated only by Argo at run time: a warning.</summary>
public sealed class ExpressionTagRule : AbstractValidator<MemoizeBlockContext>
{
    /// <summary>Creates the rule.</summary>
    public ExpressionTagRule() => RuleFor(block => block).Custom(static (block, context) =>
    {
        var findings = new RuleFindings();
        Check(block, findings);
        findings.CopyTo(context);
    });

    /// <summary>The rule's check, also run by <see cref="MemoizeBlockRules"/> with the others in one pass.</summary>
    internal static void Check(MemoizeBlockContext block, RuleFindings context)
    {
        for (var index = 0; index < MemoizeBlockContext.TemplatedFieldCount; index++)
        {
            if (block.TemplatedFieldAt(index) is not { HasExpressions: true } field)
            {
                continue;
            }

            var path = block.TemplatedFieldPath(index);
            var result = index switch
            {
                0 => "a valid cache key",
                1 => "a valid duration, e.g. \"24h\"",
                _ => "a valid ConfigMap name (a lowercase RFC 1123 subdomain)",
            };
            context.AddWarning(path, FieldMessage.Invalid(
                path,
                FieldMessage.Written(field.Written),
                $"expression tags are evaluated only at run time and are not checked; make sure the result is {result}"));
        }
    }
}
