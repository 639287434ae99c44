using System.Collections.Concurrent;
using Memoize.Kubernetes.LeaderElection;
using Memoize.Kubernetes.Resources;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Leader election over a real coordination.k8s.io Lease: one of two candidates leads, and a released Lease is taken over at once.</summary>
[Collection(ContractCollection.Name)]
[Trait("Category", "Contract")]
public sealed class LeaderElectionContractTests(ContractCluster cluster)
{
    private readonly LeaseClient leases = new(cluster.Client);

    [ContractFact]
    public async Task One_of_two_electors_leads_and_the_other_takes_over_when_it_releases_the_Lease()
    {
        var leaseName = ContractCluster.UniqueName("memoize-reconciler");
        var errors = new ConcurrentQueue<Exception>();
        await using var first = Candidate.Start(leases, Options(leaseName, "replica-1"), errors);
        await Deadline.WaitAsync(first.Leading.Task, "replica-1 to lead");

        await using var second = Candidate.Start(leases, Options(leaseName, "replica-2"), errors);
        await Deadline.UntilAsync(() => second.Attempts >= 2, "replica-2 has tried the held Lease twice");

        Assert.True(first.Elector.IsLeader);
        Assert.False(second.Elector.IsLeader);
        Assert.Equal("replica-1", (await leases.GetAsync(cluster.Namespace, leaseName)).Spec.HolderIdentity);

        await first.StopAsync();
        Assert.False(first.Elector.IsLeader);
        Assert.True(first.Stopped.Task.IsCompleted);
        await Deadline.WaitAsync(second.Leading.Task, "replica-2 to take over the released Lease");

        var lease = await leases.GetAsync(cluster.Namespace, leaseName);
        Assert.Equal(("replica-2", (int?)1), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
        Assert.Empty(errors);
    }

    // Short periods keep the test fast; the lease duration stays long enough that replica-2 could never take the
    // Lease by waiting for it to expire within the deadline: only the release can hand it over.
    private LeaderElectionOptions Options(string leaseName, string identity) => new()
    {
        LeaseNamespace = cluster.Namespace,
        LeaseName = leaseName,
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(30),
        RenewDeadline = TimeSpan.FromSeconds(20),
        RenewPeriod = TimeSpan.FromMilliseconds(200),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>One elector running in the background; disposing stops it (and so releases the Lease).</summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private Task loop = Task.CompletedTask;
        private int attempts;

        private Candidate(LeaderElector elector)
        {
            Elector = elector;
        }

        public LeaderElector Elector { get; }

        public TaskCompletionSource Leading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>How many times the candidate waited for its next try at a Lease someone else holds.</summary>
        public int Attempts => Volatile.Read(ref attempts);

        public static Candidate Start(LeaseClient leases, LeaderElectionOptions options, ConcurrentQueue<Exception> errors)
        {
            Candidate? candidate = null;
            var counted = options with
            {
                Delay = (wait, token) =>
                {
                    if (candidate is { Elector.IsLeader: false })
                    {
                        Interlocked.Increment(ref candidate.attempts);
                    }

                    return Task.Delay(wait, token);
                },
            };
            candidate = new Candidate(new LeaderElector(leases, counted));
            candidate.Elector.OnStartedLeading += _ => candidate.Leading.TrySetResult();
            candidate.Elector.OnStoppedLeading += () => candidate.Stopped.TrySetResult();
            candidate.Elector.ErrorOccurred += errors.Enqueue;
            candidate.loop = Task.Run(() => candidate.Elector.RunAsync(candidate.stop.Token));
            return candidate;
        }

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await Deadline.WaitAsync(loop, $"{Elector.Identity} to stop");
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            stop.Dispose();
        }
    }
}
