namespace Memoize.Core.Rules;

/// <summary>How serious a finding is: an error denies admission and fails lint, a warning is only shown.</summary>
public enum Severity
{
    Error,
    Warning,
}
