using System.Net;
using Memoize.Core.Cache;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Mutation;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Host;

/// <summary>Everything the webhook can be told at start, from flags and environment variables.</summary>
public sealed record WebhookOptions
{
    /// <summary>Where admission is served, HTTPS only (<c>--admission-address</c>).</summary>
    public IPEndPoint AdmissionEndpoint { get; init; } = new(IPAddress.Loopback, 8443);

    /// <summary>Where /healthz, /readyz and /metrics are served, plain HTTP (<c>--health-address</c>).</summary>
    public IPEndPoint HealthEndpoint { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>The serving certificate (PEM), e.g. the mounted Secret's tls.crt (<c>--tls-cert-file</c>).</summary>
    public string? TlsCertFile { get; init; }

    /// <summary>The serving certificate's private key (PEM) (<c>--tls-key-file</c>).</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>The Argo workflow controller's user, whose ConfigMap verbs are checked (<c>--controller-service-account</c>).</summary>
    public string ControllerServiceAccount { get; init; } = "system:serviceaccount:argo:argo";

    /// <summary>The Argo controller's namespace, where caches live in controller mode (<c>--cache-namespace</c>).</summary>
    public string CacheNamespace { get; init; } = "argo";

    /// <summary>Controller's namespace (Argo's behaviour) or the workflow's (<c>--cache-namespace-mode</c>).</summary>
    public CacheNamespaceMode CacheNamespaceMode { get; init; } = CacheNamespaceMode.Controller;

    /// <summary>Cache garbage collection is on, so the controller also needs <c>delete</c> (<c>--cache-gc</c>).</summary>
    public bool CacheGc { get; init; }

    /// <summary>The kubeconfig to use (<c>--kubeconfig</c>); must load when given. Null: in-cluster, <c>KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use (<c>--context</c>); must exist when given. Null: the kubeconfig's current-context.</summary>
    public string? Context { get; init; }

    /// <summary>Local development: a generated self-signed certificate and no cluster unless <see cref="Kubeconfig"/> is given (<c>--dev</c>).</summary>
    public bool Dev { get; init; }

    /// <summary>The largest request body accepted.</summary>
    public int MaxRequestBodyBytes { get; init; } = AdmissionHttpAdapter.DefaultMaxBodyBytes;

    /// <summary>How long the cluster lookups behind the mutating hints may take.</summary>
    public TimeSpan LookupBudget { get; init; } = MutationHandler.DefaultLookupBudget;

    /// <summary>How long a SubjectAccessReview answer is reused.</summary>
    public TimeSpan AccessReviewCacheTimeToLive { get; init; } = CachedAccessReviewer.DefaultTimeToLive;

    /// <summary>How often the certificate files are re-read besides file-change events (catches missed symlink swaps).</summary>
    public TimeSpan CertificateRecheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long in-flight reviews may take to finish on shutdown.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Where cache ConfigMaps live, as the index and the hints compute it.</summary>
    public CacheNamespacePolicy CacheNamespacePolicy => new(CacheNamespaceMode, CacheNamespace);
}
