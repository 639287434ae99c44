using System.Text.Json;
using FluentValidation;
using Memoize.Core.Durations;
using Memoize.Core.Objects;

namespace Memoize.Core.Rules;

/// <summary>
/// memoize.maxAge: parsed as Go's time.ParseDuration parses it (literally, or once every tag's value is known).
/// An absent, empty, zero or negative maxAge is allowed by Argo but almost surely a mistake: a warning.
/// </summary>
public sealed class MaxAgeRule : AbstractValidator<MemoizeBlockContext>
{
    private const string Units = "use h, m, s, ms, us or ns, e.g. \"24h\"";

    /// <summary>Creates the rule.</summary>
    public MaxAgeRule() => RuleFor(block => block).Custom(static (block, context) =>
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

        var node = block.MaxAgeNode;
        if (node is not { } value || (value.ValueKind == JsonValueKind.String && value.ValueEquals(""u8)))
        {
            var path = block.MaxAgePath;
            context.AddWarning(path, FieldMessage.Required(path, "without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\""));
            return;
        }

        if (block.MaxAge is not { } maxAge)
        {
            var path = block.MaxAgePath;
            context.AddError(path, FieldMessage.Invalid(path, FieldMessage.Shown(value), $"maxAge must be a duration string; quote it and give a unit: {Units}"));
            return;
        }

        // An expression or a value known only at run time cannot be checked now.
        if (!maxAge.IsFullyKnown)
        {
            return;
        }

        var text = maxAge.Substituted;
        if (text.Length == 0)
        {
            var path = block.MaxAgePath;
            context.AddWarning(path, FieldMessage.Invalid(path, Shown(maxAge, text), "without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\""));
        }
        else if (!GoDuration.TryParse(text, out var duration, out var error))
        {
            var path = block.MaxAgePath;
            context.AddError(path, FieldMessage.Invalid(path, Shown(maxAge, text), $"{error}; {Units}"));
        }
        else if (duration.Nanoseconds <= 0)
        {
            var path = block.MaxAgePath;
            context.AddWarning(path, FieldMessage.Invalid(
                path,
                Shown(maxAge, text),
                "a zero or negative maxAge makes every lookup miss, so nothing is ever reused; use a positive duration, e.g. \"24h\""));
        }
    }

    private static string Shown(TemplatedField maxAge, string text) =>
        maxAge.IsTemplated ? FieldMessage.Written(maxAge.Written, text) : FieldMessage.Written(maxAge.Written);
}
