using FluentValidation;

namespace Memoize.Core.Rules;

/// <summary>An expression tag (<c>{{=...}}</c>) in key, maxAge or cache name is evaluated only by Argo at run time: a warning.</summary>
public sealed class ExpressionTagRule : AbstractValidator<MemoizeBlockContext>
{
    /// <summary>Creates the rule.</summary>
    public ExpressionTagRule() => RuleFor(block => block).Custom(Check);

    /// <summary>The rule's check, also run by <see cref="MemoizeBlockRules"/> with the others in one pass.</summary>
    internal static void Check(MemoizeBlockContext block, ValidationContext<MemoizeBlockContext> context)
    {
        foreach (var (path, field) in block.TemplatedFields())
        {
            if (field.Expressions.Count == 0)
            {
                continue;
            }

            var result = path.EndsWith(".key", StringComparison.Ordinal) ? "a valid cache key"
                : path.EndsWith(".maxAge", StringComparison.Ordinal) ? "a valid duration, e.g. \"24h\""
                : "a valid ConfigMap name (a lowercase RFC 1123 subdomain)";
            context.AddWarning(path, FieldMessage.Invalid(
                path,
                FieldMessage.Written(field.Written),
                $"expression tags are evaluated only at run time and are not checked; make sure the result is {result}"));
        }
    }
}
