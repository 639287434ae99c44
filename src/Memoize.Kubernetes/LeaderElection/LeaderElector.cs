using k8s;
using k8s.Models;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;

namespace Memoize.Kubernetes.LeaderElection;

/// <summary>
/// Leader election over a coordination.k8s.io/v1 Lease, as client-go does it: acquire the Lease when it is
/// free or its holder stopped renewing for a lease duration, renew it every renew period, lose leadership when
/// renewing fails for longer than the renew deadline, and release it (clear the holder) on shutdown.
/// </summary>
public sealed class LeaderElector
{
    // Conflicting releases re-read before giving up and leaving the Lease to expire.
    private const int MaxReleaseAttempts = 3;

    private readonly LeaseClient leases;
    private readonly LeaderElectionOptions options;
    private string? observedSpec;
    private DateTimeOffset observedAt;
    private volatile bool isLeader;

    /// <summary>An elector competing for the Lease named in <paramref name="options"/>.</summary>
    public LeaderElector(LeaseClient leases, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RenewDeadline >= options.LeaseDuration)
        {
            throw new ArgumentException("RenewDeadline must be shorter than LeaseDuration, or two leaders could overlap", nameof(options));
        }

        this.leases = leases;
        this.options = options;
    }

    /// <summary>Raised when this process becomes the leader; the token is cancelled when leadership ends (lost or released).</summary>
    public event Action<CancellationToken>? OnStartedLeading;

    /// <summary>Raised when this process stops being the leader (renewal failed past the deadline, or shutdown).</summary>
    public event Action? OnStoppedLeading;

    /// <summary>Raised when a call to the API server fails; the elector carries on.</summary>
    public event Action<Exception>? ErrorOccurred;

    /// <summary>True while this process holds the Lease.</summary>
    public bool IsLeader => isLeader;

    /// <summary>The identity this elector competes as.</summary>
    public string Identity => options.Identity;

    /// <summary>Competes for leadership until <paramref name="cancellationToken"/> is cancelled, then releases the Lease if held.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            using var leadership = new CancellationTokenSource();
            isLeader = true;
            Raise(() => OnStartedLeading?.Invoke(leadership.Token));

            var shutdown = await RenewUntilLostAsync(cancellationToken).ConfigureAwait(false);
            isLeader = false;
            await leadership.CancelAsync().ConfigureAwait(false);
            if (shutdown)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }

            Raise(() => OnStoppedLeading?.Invoke());
        }
    }

    /// <summary>Tries every retry period until the Lease is ours; false when cancelled first.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            try
            {
                await options.Delay(options.RetryPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews every renew period; returns true on shutdown, false when leadership was lost.</summary>
    private async Task<bool> RenewUntilLostAsync(CancellationToken cancellationToken)
    {
        var lastRenewal = options.Clock.GetUtcNow();
        while (true)
        {
            try
            {
                await options.Delay(options.RenewPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return true;
            }

            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                lastRenewal = options.Clock.GetUtcNow();
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return true;
            }

            if (options.Clock.GetUtcNow() - lastRenewal >= options.RenewDeadline)
            {
                return false;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = options.Clock.GetUtcNow();
        try
        {
            var lease = await leases.TryGetAsync(options.LeaseNamespace, options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                var fresh = new V1Lease
                {
                    ApiVersion = "coordination.k8s.io/v1",
                    Kind = V1Lease.KubeKind,
                    Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
                    Spec = new V1LeaseSpec { AcquireTime = now.UtcDateTime },
                };
                Claim(fresh, now, takeOver: false);
                Observe(await leases.CreateAsync(fresh, cancellationToken).ConfigureAwait(false), now);
                return true;
            }

            // Judge expiry by when we saw the record change, not by the holder's clock (clock skew between nodes).
            lease.Spec ??= new V1LeaseSpec();
            var spec = KubernetesJson.Serialize(lease.Spec);
            if (spec != observedSpec)
            {
                observedSpec = spec;
                observedAt = now;
            }

            var holder = lease.Spec.HolderIdentity;
            var heldByOther = !string.IsNullOrEmpty(holder) && holder != options.Identity;
            var duration = lease.Spec.LeaseDurationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : options.LeaseDuration;
            if (heldByOther && observedAt + duration > now)
            {
                return false;
            }

            Claim(lease, now, takeOver: holder != options.Identity);
            Observe(await leases.UpdateAsync(lease, cancellationToken).ConfigureAwait(false), now);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (KubernetesApiException ex)
        {
            // Losing a race (conflict, already exists) is normal; anything else is worth reporting.
            if (ex is not ConflictException and not AlreadyExistsException)
            {
                Report(ex);
            }

            return false;
        }
    }

    private void Claim(V1Lease lease, DateTimeOffset now, bool takeOver)
    {
        var spec = lease.Spec ??= new V1LeaseSpec();
        if (takeOver)
        {
            spec.AcquireTime = now.UtcDateTime;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = options.Identity;
        spec.LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
        spec.RenewTime = now.UtcDateTime;
    }

    private void Observe(V1Lease stored, DateTimeOffset now)
    {
        observedSpec = stored.Spec is null ? null : KubernetesJson.Serialize(stored.Spec);
        observedAt = now;
    }

    /// <summary>Clears the holder so another candidate can take over at once instead of waiting a lease duration.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            // A renewal cancelled by the shutdown may still land on the server after our read: on a conflict, read
            // again and release that version, or the Lease stays held for a whole lease duration.
            for (var attempt = 1; ; attempt++)
            {
                var lease = await leases.TryGetAsync(options.LeaseNamespace, options.LeaseName, timeout.Token).ConfigureAwait(false);
                if (lease?.Spec is null || lease.Spec.HolderIdentity != options.Identity)
                {
                    return;
                }

                lease.Spec.HolderIdentity = null;
                lease.Spec.LeaseDurationSeconds = 1;
                lease.Spec.RenewTime = options.Clock.GetUtcNow().UtcDateTime;
                try
                {
                    await leases.UpdateAsync(lease, timeout.Token).ConfigureAwait(false);
                    return;
                }
                catch (ConflictException) when (attempt < MaxReleaseAttempts)
                {
                }
            }
        }
        catch (Exception ex) when (ex is KubernetesApiException or OperationCanceledException)
        {
            Report(ex);
        }
    }

    private void Raise(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception ex)
        {
            Report(ex);
        }
    }

    private void Report(Exception error)
    {
        try
        {
            ErrorOccurred?.Invoke(error);
        }
        catch (Exception)
        {
            // A broken error listener must not stop the elector.
        }
    }
}
