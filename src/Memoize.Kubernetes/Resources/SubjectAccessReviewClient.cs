using k8s;
using k8s.Models;

namespace Memoize.Kubernetes.Resources;

/// <summary>Asks the API server whether a user may do something (authorization.k8s.io/v1 SubjectAccessReview; a read, no side effects).</summary>
/// <param name="api">The client to send through.</param>
public sealed class SubjectAccessReviewClient(KubernetesApiClient api)
{
    /// <summary>
    /// May <paramref name="user"/> (with <paramref name="groups"/>) <paramref name="verb"/> <paramref name="resource"/> of API
    /// <paramref name="group"/> ("" = core) in <paramref name="namespace"/> (null = cluster-wide)?
    /// </summary>
    public async Task<AccessReviewResult> ReviewAsync(
        string user,
        IReadOnlyList<string>? groups,
        string verb,
        string group,
        string resource,
        string? @namespace,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(verb);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        var review = new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = V1SubjectAccessReview.KubeKind,
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user,
                Groups = groups is { Count: > 0 } ? [.. groups] : null,
                ResourceAttributes = new V1ResourceAttributes
                {
                    Verb = verb,
                    Group = group ?? "",
                    Resource = resource,
                    NamespaceProperty = string.IsNullOrEmpty(@namespace) ? null : @namespace,
                },
            },
        };
        var answer = await api.CallAsync("POST subjectaccessreviews", (k, ct) => k.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var status = answer.Status;
        return new AccessReviewResult(status?.Allowed ?? false, status?.Denied ?? false, status?.Reason ?? "", status?.EvaluationError);
    }
}
