using FluentValidation;
using FluentValidation.Results;

namespace Memoize.Core.Rules;

/// <summary>
/// The findings of the rules on one memoize block, as FluentValidation failures with the field path and message
/// exactly as given. Nothing is allocated until a rule finds something.
/// </summary>
internal sealed class RuleFindings
{
    private List<ValidationFailure>? failures;

    /// <summary>The failures in the order they were added.</summary>
    public IReadOnlyList<ValidationFailure> Failures => failures ?? (IReadOnlyList<ValidationFailure>)[];

    /// <summary>Adds an error: the object is denied by the webhook and fails lint.</summary>
    public void AddError(string path, string message) => Add(path, message, FluentValidation.Severity.Error);

    /// <summary>Adds a warning: shown to the person, never blocking.</summary>
    public void AddWarning(string path, string message) => Add(path, message, FluentValidation.Severity.Warning);

    /// <summary>Forgets the findings, to collect the next block's.</summary>
    public void Clear() => failures?.Clear();

    /// <summary>Hands every finding to a FluentValidation context.</summary>
    public void CopyTo<T>(ValidationContext<T> context)
    {
        foreach (var failure in Failures)
        {
            context.AddFailure(failure);
        }
    }

    // A ValidationFailure added directly is not run through FluentValidation's message formatter,
    // which would otherwise read the {{...}} of Argo's tags as its own placeholders.
    private void Add(string path, string message, FluentValidation.Severity severity) =>
        (failures ??= []).Add(new ValidationFailure(path, message) { Severity = severity });
}
