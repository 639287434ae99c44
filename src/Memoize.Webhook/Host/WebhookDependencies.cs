using Memoize.Core.Objects;
using Memoize.Core.Rules;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Host;

/// <summary>
/// What the webhook needs from the cluster, as narrow interfaces; all null without a cluster (then RBAC hints, the
/// cache label check and the ConfigMap index are off). Tests pass fakes; Cluster/WebhookCluster wires the real client.
/// </summary>
/// <param name="AccessReviewer">SubjectAccessReviews; null turns RBAC hints off.</param>
/// <param name="ConfigMapReader">ConfigMap label reads; null turns the unlabelled-cache warning off.</param>
/// <param name="CacheIndex">The informer-fed index of cache names; null means no index (only content marks a cache).</param>
public sealed record WebhookDependencies(IAccessReviewer? AccessReviewer, IConfigMapReader? ConfigMapReader, ICacheConfigMapIndex? CacheIndex)
{
    /// <summary>What is logged at start without a cluster, unless <see cref="StartMessage"/> says otherwise.</summary>
    public const string NoClusterMessage = "No cluster: RBAC hints, the cache label check and the ConfigMap index are off; cache ConfigMaps are recognized by their content only";

    /// <summary>No cluster: local development.</summary>
    public static WebhookDependencies NoCluster { get; } = new(null, null, null);

    /// <summary>The one line logged when the host has started (which cluster is used, or why none is); null: <see cref="NoClusterMessage"/> without a cluster, nothing with one.</summary>
    public string? StartMessage { get; init; }

    /// <summary>Adds services to the host, e.g. the hosted service whose informers feed <see cref="CacheIndex"/>.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The clock for answer caching and lookup budgets; the system clock unless a test sets one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The memoize rules; the core's <see cref="MemoizeValidator.Validate"/> unless a test sets others.</summary>
    public Func<ReadOnlyArgoObject, IReadOnlyList<Finding>>? Rules { get; init; }

    /// <summary>No cluster, with <paramref name="reason"/> logged once at start instead of <see cref="NoClusterMessage"/>.</summary>
    public static WebhookDependencies WithoutCluster(string reason) => new(null, null, null) { StartMessage = reason };

    /// <summary>True when something from a cluster is wired in.</summary>
    public bool HasCluster => AccessReviewer is not null || ConfigMapReader is not null || CacheIndex is not null;
}
