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

/// <summary>The outcome of checking the controller's ConfigMap verbs in one namespace.</summary>
/// <param name="Verdict">Unknown, granted or missing.</param>
/// <param name="Hint">The hint when verbs are missing; otherwise null.</param>
public sealed record RbacCheckResult(RbacVerdict Verdict, RbacHint? Hint);
