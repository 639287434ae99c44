namespace Memoize.Webhook.Rbac;

/// <summary>The outcome of checking the controller's ConfigMap verbs in one namespace.</summary>
/// <param name="Verdict">Unknown, granted or missing.</param>
/// <param name="Hint">The hint when verbs are missing; otherwise null.</param>
public sealed record RbacCheckResult(RbacVerdict Verdict, RbacHint? Hint);
