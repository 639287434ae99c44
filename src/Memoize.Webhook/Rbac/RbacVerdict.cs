namespace Memoize.Webhook.Rbac;

/// <summary>What the RBAC check found.</summary>
public enum RbacVerdict
{
    /// <summary>The SubjectAccessReview failed or timed out: say nothing.</summary>
    Unknown,

    /// <summary>Every needed verb is granted.</summary>
    Granted,

    /// <summary>Some verbs are missing; the result carries the hint.</summary>
    Missing,
}
