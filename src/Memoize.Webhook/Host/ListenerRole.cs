namespace Memoize.Webhook.Host;

/// <summary>Endpoint metadata: which listener may serve the endpoint (admission over HTTPS, health and metrics over plain HTTP).</summary>
/// <param name="IsAdmission">True for /validate and /mutate.</param>
public sealed record ListenerRole(bool IsAdmission)
{
    /// <summary>The HTTPS admission listener.</summary>
    public static ListenerRole Admission { get; } = new(true);

    /// <summary>The plain-HTTP health and metrics listener.</summary>
    public static ListenerRole Health { get; } = new(false);
}
