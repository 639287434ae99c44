namespace Memoize.Kubernetes.Resources;

/// <summary>The answer of a SubjectAccessReview.</summary>
/// <param name="Allowed">The user may do it.</param>
/// <param name="Denied">An authorizer explicitly denied it (not allowed does not imply denied).</param>
/// <param name="Reason">Why, as the authorizer put it (may be empty).</param>
/// <param name="EvaluationError">Set when an authorizer failed to evaluate the request.</param>
public sealed record AccessReviewResult(bool Allowed, bool Denied, string Reason, string? EvaluationError);
