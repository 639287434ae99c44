namespace Memoize.Reconciler.Hosting;

/// <summary>The reconciler's process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Stopped on request (SIGTERM, Ctrl+C) after a clean shutdown, or --help.</summary>
    public const int Success = 0;

    /// <summary>The reconciler failed while running.</summary>
    public const int Failure = 1;

    /// <summary>A flag or MEMOIZE_* variable is wrong.</summary>
    public const int BadFlag = 2;

    /// <summary>No cluster to reach: no configuration, a broken one, or an API server that does not answer or refuses the credentials.</summary>
    public const int NoCluster = 3;
}
