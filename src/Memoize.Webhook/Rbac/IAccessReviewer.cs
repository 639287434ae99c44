namespace Memoize.Webhook.Rbac;

/// <summary>Asks the cluster whether a user may do something (a SubjectAccessReview in the cluster).</summary>
public interface IAccessReviewer
{
    /// <summary>True when <paramref name="user"/> may <paramref name="verb"/> <paramref name="resource"/> in <paramref name="namespace"/>; false when not; null when the answer is unknown (the review failed).</summary>
    Task<bool?> CanAsync(string user, string verb, string resource, string? @namespace, CancellationToken cancellationToken);
}
