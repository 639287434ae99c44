namespace Memoize.Webhook.Admission;

/// <summary>What the webhook answered, as logs and metrics name it.</summary>
public enum AdmissionVerdict
{
    /// <summary>Allowed without changes.</summary>
    Allowed,

    /// <summary>Allowed with a JSON Patch.</summary>
    Patched,

    /// <summary>Denied because the object breaks a rule.</summary>
    Denied,

    /// <summary>Denied because the webhook itself failed (code 500).</summary>
    Errored,

    /// <summary>The request was not a usable AdmissionReview (answered with an HTTP 4xx or a 400 denial).</summary>
    Rejected,
}
