using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Resources;

/// <summary>Typed calls for coordination.k8s.io/v1 Leases.</summary>
/// <param name="api">The client to send through.</param>
public sealed class LeaseClient(KubernetesApiClient api)
{
    private static readonly ResourceType Type = ResourceType.Leases;

    /// <summary>Reads a Lease.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public async Task<Lease> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        new(await api.GetAsync(Type, @namespace, name, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads a Lease; null when it does not exist.</summary>
    public async Task<Lease?> TryGetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
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
    public async Task<Lease> CreateAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new(await api.CreateAsync(Type, lease.Object, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Replaces a Lease, conditional on its resourceVersion.</summary>
    /// <exception cref="ConflictException">Someone else changed it first.</exception>
    public async Task<Lease> UpdateAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new(await api.UpdateAsync(Type, lease.Object, cancellationToken).ConfigureAwait(false));
    }
}
