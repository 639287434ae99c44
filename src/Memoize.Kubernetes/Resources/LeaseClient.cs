using k8s;
using k8s.Models;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Resources;

/// <summary>Typed calls for coordination.k8s.io/v1 Leases (<see cref="V1Lease"/>) through the package.</summary>
/// <param name="api">The client to send through.</param>
public sealed class LeaseClient(KubernetesApiClient api)
{
    /// <summary>Reads a Lease.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task<V1Lease> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        api.CallAsync($"GET leases {@namespace}/{name}", (k, ct) => k.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace, cancellationToken: ct), cancellationToken);

    /// <summary>Reads a Lease; null when it does not exist.</summary>
    public async Task<V1Lease?> TryGetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Creates a Lease.</summary>
    /// <exception cref="AlreadyExistsException">Someone else created it first.</exception>
    public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var @namespace = lease.Namespace() ?? throw new ArgumentException("metadata.namespace is required to create leases", nameof(lease));
        return api.CallAsync($"POST leases in {@namespace}", (k, ct) => k.CoordinationV1.CreateNamespacedLeaseAsync(lease, @namespace, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Replaces a Lease, conditional on its resourceVersion.</summary>
    /// <exception cref="ConflictException">Someone else changed it first.</exception>
    public Task<V1Lease> UpdateAsync(V1Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var (@namespace, name) = (lease.Namespace(), lease.Name());
        return api.CallAsync($"PUT leases {@namespace}/{name}", (k, ct) => k.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, @namespace, cancellationToken: ct), cancellationToken);
    }
}
