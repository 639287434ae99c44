using Memoize.Core.Objects;
using Memoize.Core.Rules;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Host;

/// <summary>
/// What the webhook needs from the cluster, as narrow interfaces; all null without a cluster (then RBAC hints, the
/// cache label check and the ConfigMap index are off). Tests pass fakes; the Kubernetes client is wired in later.
/// </summary>
/// <param name="AccessReviewer">SubjectAccessReviews; null turns RBAC hints off.</param>
/// <param name="ConfigMapReader">ConfigMap label reads; null turns the unlabelled-cache warning off.</param>
/// <param name="CacheIndex">The informer-fed index of cache names; null means no index (only content marks a cache).</param>
public sealed record WebhookDependencies(IAccessReviewer? AccessReviewer, IConfigMapReader? ConfigMapReader, ICacheConfigMapIndex? CacheIndex)
{
    /// <summary>No cluster: local development.</summary>
    public static WebhookDependencies NoCluster { get; } = new(null, null, null);

    /// <summary>The clock for answer caching and lookup budgets; the system clock unless a test sets one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The memoize rules; the core's <see cref="MemoizeValidator.Validate"/> unless a test sets others.</summary>
    public Func<ArgoObject, IReadOnlyList<Finding>>? Rules { get; init; }

    /// <summary>True when something from a cluster is wired in.</summary>
    public bool HasCluster => AccessReviewer is not null || ConfigMapReader is not null || CacheIndex is not null;
}
