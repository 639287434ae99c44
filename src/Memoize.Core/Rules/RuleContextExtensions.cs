using FluentValidation;
using FluentValidation.Results;

namespace Memoize.Core.Rules;

/// <summary>Adds findings to a FluentValidation context with the field path and message exactly as given.</summary>
internal static class RuleContextExtensions
{
    /// <summary>Adds an error: the object is denied by the webhook and fails lint.</summary>
    public static void AddError(this ValidationContext<MemoizeBlockContext> context, string path, string message) =>
        Add(context, path, message, FluentValidation.Severity.Error);

    /// <summary>Adds a warning: shown to the person, never blocking.</summary>
    public static void AddWarning(this ValidationContext<MemoizeBlockContext> context, string path, string message) =>
        Add(context, path, message, FluentValidation.Severity.Warning);

    // A ValidationFailure added directly is not run through FluentValidation's message formatter,
    // which would otherwise read the {{...}} of Argo's tags as its own placeholders.
    private static void Add(ValidationContext<MemoizeBlockContext> context, string path, string message, FluentValidation.Severity severity) =>
        context.AddFailure(new ValidationFailure(path, message) { Severity = severity });
}
