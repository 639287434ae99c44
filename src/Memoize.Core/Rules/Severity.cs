namespace Memoize.Core.Rules;

/// <summary>How serious a finding is: an error denies admission and fails lint, a warning is only shown.</summary>
public enum Severity
{
    /// <summary>The object would fail at run time: the webhook denies it and lint fails.</summary>
    Error,

    /// <summary>Allowed, but probably not what the author meant: shown by kubectl and lint.</summary>
    Warning,
}
