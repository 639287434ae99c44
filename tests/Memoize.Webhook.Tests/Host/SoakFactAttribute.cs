namespace Memoize.Webhook.Tests.Host;

/// <summary>A fact that runs only inside <c>make soak</c> (minutes long), never in <c>make test</c>.</summary>
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
