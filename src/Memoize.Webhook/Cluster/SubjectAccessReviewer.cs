using Memoize.Kubernetes.Resources;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Cluster;

/// <summary>
/// Answers "may this user do that?" with a SubjectAccessReview. A review names the user's groups too, because
/// RBAC grants to groups (e.g. a RoleBinding to <c>system:serviceaccounts:argo</c>) count for the real request.
/// </summary>
public sealed class SubjectAccessReviewer : IAccessReviewer
{
    private readonly SubjectAccessReviewClient _reviews;

    /// <summary>Sends reviews through <paramref name="reviews"/>.</summary>
    public SubjectAccessReviewer(SubjectAccessReviewClient reviews)
    {
        _reviews = reviews;
    }

    /// <summary>
    /// Asks about <paramref name="resource"/> of the core API group. True or false as the API server's authorizers
    /// decide (the same chain that will judge the controller's real request, evaluation errors included); a review
    /// that cannot be made throws, and the caller admits without a hint.
    /// </summary>
    public async Task<bool?> CanAsync(string user, string verb, string resource, string? @namespace, CancellationToken cancellationToken)
    {
        var answer = await _reviews.ReviewAsync(user, GroupsOf(user), verb, "", resource, @namespace, cancellationToken).ConfigureAwait(false);
        return answer.Allowed;
    }

    /// <summary>
    /// The groups kube-apiserver gives <paramref name="user"/>: a service account <c>system:serviceaccount:NS:NAME</c> is in
    /// <c>system:serviceaccounts</c>, <c>system:serviceaccounts:NS</c> and <c>system:authenticated</c>; any other user's
    /// groups are unknown here, but every authenticated user is in <c>system:authenticated</c>.
    /// </summary>
    public static IReadOnlyList<string> GroupsOf(string user)
    {
        const string Prefix = "system:serviceaccount:";
        if (user.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var rest = user[Prefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < rest.Length - 1)
            {
                return ["system:serviceaccounts", "system:serviceaccounts:" + rest[..colon], "system:authenticated"];
            }
        }

        return ["system:authenticated"];
    }
}
