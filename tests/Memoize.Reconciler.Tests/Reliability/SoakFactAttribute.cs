namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>A soak test: runs only when <c>SOAK_MINUTES</c> is set (<c>make soak</c>), so <c>make test</c> stays fast.</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless <c>SOAK_MINUTES</c> is set.</summary>
    public SoakFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SOAK_MINUTES")))
        {
            Skip = "a soak: run with make soak (SOAK_MINUTES)";
        }
    }
}
