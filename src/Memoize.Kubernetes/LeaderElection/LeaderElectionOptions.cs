namespace Memoize.Kubernetes.LeaderElection;

/// <summary>Which Lease to compete for, as whom, and the timings (the client-go defaults).</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The namespace of the Lease.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>The name of the Lease, e.g. <c>memoize-reconciler</c>.</summary>
    public required string LeaseName { get; init; }

    /// <summary>This candidate's identity, unique per process (e.g. the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a holder's claim lasts after its last renewal; others wait this long before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up leadership when it could not renew for this long (less than <see cref="LeaseDuration"/>).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews the Lease.</summary>
    public TimeSpan RenewPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a candidate tries to acquire the Lease.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock (tests inject a manual one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How to wait (tests inject one that advances the manual clock instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
