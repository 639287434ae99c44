namespace Memoize.Cli.CacheInspection;

/// <summary>A cache command stopped with a message for the user and an exit code (not found, refused, gave up).</summary>
public sealed class CacheCommandFailure : Exception
{
    /// <summary>Creates the failure; <paramref name="message"/> says what is wrong and what to do.</summary>
    public CacheCommandFailure(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The exit code the command ends with.</summary>
    public int ExitCode { get; }
}
