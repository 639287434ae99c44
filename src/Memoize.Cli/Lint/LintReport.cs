using Memoize.Core.Rules;

namespace Memoize.Cli.Lint;

/// <summary>Everything one lint run found, and the exit code it implies.</summary>
/// <param name="Findings">Every finding, in file and document order.</param>
/// <param name="FileErrors">One message per file that could not be read or parsed.</param>
/// <param name="ObjectCount">How many Argo objects were checked.</param>
/// <param name="FileCount">How many files (or standard input) were read and parsed.</param>
public sealed record LintReport(IReadOnlyList<LintedFinding> Findings, IReadOnlyList<string> FileErrors, int ObjectCount, int FileCount)
{
    /// <summary>Exit code: nothing wrong (warnings allowed).</summary>
    public const int ExitClean = 0;

    /// <summary>Exit code: at least one error finding.</summary>
    public const int ExitErrors = 1;

    /// <summary>Exit code: a file could not be read or parsed (wins over <see cref="ExitErrors"/>).</summary>
    public const int ExitUnreadable = 2;

    /// <summary>How many findings are errors.</summary>
    public int ErrorCount => Findings.Count(f => f.Finding.Severity == Severity.Error);

    /// <summary>How many findings are warnings.</summary>
    public int WarningCount => Findings.Count(f => f.Finding.Severity == Severity.Warning);

    /// <summary>2 when a file could not be linted, else 1 when there is an error, else 0.</summary>
    public int ExitCode => FileErrors.Count > 0 ? ExitUnreadable : ErrorCount > 0 ? ExitErrors : ExitClean;
}
