using k8s.Models;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.LeaderElection;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.Kubernetes.Tests.LeaderElection;

public sealed class LeaderElectorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly ManualTimeProvider clock = new(Start);
    private readonly FakeLeaseEndpoint endpoint = new();
    private readonly KubernetesApiClient client;
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource<(CancellationToken Token, DateTimeOffset At)> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DateTimeOffset> stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LeaderElectorTests()
    {
        client = new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), endpoint.Handler, RetryPolicy.None);
    }

    public void Dispose()
    {
        stop.Dispose();
        client.Dispose();
    }

    // Times are taken inside the callbacks: the elector's loop keeps moving the manual clock afterwards.
    private LeaderElector Elector(string identity = "pod-a", Action? whenStarted = null)
    {
        var elector = new LeaderElector(new LeaseClient(client), new LeaderElectionOptions
        {
            LeaseNamespace = "argo",
            LeaseName = "memoize",
            Identity = identity,
            Clock = clock,
            Delay = clock.AdvancingDelay,
        });
        elector.OnStartedLeading += token =>
        {
            whenStarted?.Invoke();
            started.TrySetResult((token, clock.GetUtcNow()));
        };
        elector.OnStoppedLeading += () => stopped.TrySetResult(clock.GetUtcNow());
        return elector;
    }

    private static JsonObject HeldBy(string holder, DateTimeOffset renewTime) => new()
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "Lease",
        ["metadata"] = new JsonObject { ["name"] = "memoize", ["namespace"] = "argo" },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = holder,
            ["leaseDurationSeconds"] = 15,
            ["acquireTime"] = "2026-01-01T00:00:00.000000Z",
            ["renewTime"] = renewTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["leaseTransitions"] = 4,
        },
    };

    [Fact]
    public async Task Acquires_a_lease_that_does_not_exist_by_creating_it()
    {
        var elector = Elector();
        var run = elector.RunAsync(stop.Token);

        await Eventually.Within(started.Task, "leadership");

        Assert.True(elector.IsLeader);
        var created = endpoint.Writes[0];
        Assert.Equal(
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"memoize","namespace":"argo"},"spec":{"acquireTime":"2026-01-02T03:04:05.000000Z","holderIdentity":"pod-a","leaseDurationSeconds":15,"renewTime":"2026-01-02T03:04:05.000000Z"}}""",
            created.ToJsonString());
        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");
    }

    [Fact]
    public async Task Leader_renews_every_renew_period()
    {
        var elector = Elector();
        var run = elector.RunAsync(stop.Token);
        await Eventually.Within(started.Task, "leadership");

        await Eventually.Until(() => endpoint.Writes.Count >= 3, "two renewals");
        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");

        var renewal = Read(endpoint.Writes[2]);
        Assert.Equal("pod-a", renewal.Spec.HolderIdentity);
        Assert.Equal(Start.UtcDateTime, renewal.Spec.AcquireTime);
        Assert.Equal((Start + TimeSpan.FromSeconds(4)).UtcDateTime, renewal.Spec.RenewTime);
        Assert.Equal(0, renewal.Spec.LeaseTransitions ?? 0); // absent counts as 0, as kube-apiserver reads it
        Assert.All(clock.Delays, delay => Assert.Equal(TimeSpan.FromSeconds(2), delay));
    }

    [Fact]
    public async Task Takes_over_a_lease_only_after_its_holder_stopped_renewing_for_a_lease_duration()
    {
        endpoint.Seed(HeldBy("pod-old", Start - TimeSpan.FromHours(1)));
        var elector = Elector();
        var run = elector.RunAsync(stop.Token);

        var (_, takenAt) = await Eventually.Within(started.Task, "leadership");
        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");

        // The holder's renewTime is from another clock: expiry counts from when this candidate first saw the record.
        Assert.True(takenAt - Start >= TimeSpan.FromSeconds(15), $"took over after {takenAt - Start}");
        Assert.True(takenAt - Start <= TimeSpan.FromSeconds(18), $"took over after {takenAt - Start}");
        var takeover = Read(endpoint.Writes[0]);
        Assert.Equal("pod-a", takeover.Spec.HolderIdentity);
        Assert.Equal(5, takeover.Spec.LeaseTransitions);
        Assert.Equal(takenAt.UtcDateTime, takeover.Spec.AcquireTime);
    }

    [Fact]
    public async Task Never_takes_a_lease_its_holder_keeps_renewing()
    {
        endpoint.Seed(HeldBy("pod-other", Start));
        endpoint.OnGet = lease => lease["spec"]!["renewTime"] = clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var elector = Elector();
        var run = elector.RunAsync(stop.Token);

        await Eventually.Until(() => clock.GetUtcNow() - Start > TimeSpan.FromMinutes(2), "two minutes of candidacy");
        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");

        Assert.False(started.Task.IsCompleted);
        Assert.Empty(endpoint.Writes);
    }

    [Fact]
    public async Task Loses_leadership_when_renewals_fail_past_the_renew_deadline()
    {
        var elector = Elector(whenStarted: () => endpoint.FailWrites = true);
        var errors = new List<Exception>();
        elector.ErrorOccurred += errors.Add;
        var run = elector.RunAsync(stop.Token);
        var (leadership, failingSince) = await Eventually.Within(started.Task, "leadership");

        var lostAt = await Eventually.Within(stopped.Task, "leadership to be lost");
        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");

        Assert.True(leadership.IsCancellationRequested);
        Assert.False(elector.IsLeader);
        Assert.InRange(lostAt - failingSince, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
        Assert.Equal("etcdserver: request timed out", errors[0].Message);
    }

    [Fact]
    public async Task A_release_that_conflicts_with_a_late_renewal_reads_again_and_still_releases()
    {
        var elector = Elector();
        var errors = new List<Exception>();
        elector.ErrorOccurred += errors.Add;
        var run = elector.RunAsync(stop.Token);
        await Eventually.Within(started.Task, "leadership");

        // A renewal cancelled by the shutdown lands on the server just after the release has read the Lease
        // (the release is the only read made once the elector has stopped leading).
        endpoint.ConcurrentWriteAfterGet = () => stop.IsCancellationRequested && !elector.IsLeader;
        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");

        var released = Read(endpoint.Current!);
        Assert.Null(released.Spec.HolderIdentity);
        Assert.Equal(1, released.Spec.LeaseDurationSeconds);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Releases_the_lease_on_shutdown_so_another_can_take_it_at_once()
    {
        var elector = Elector();
        var run = elector.RunAsync(stop.Token);
        var (leadership, _) = await Eventually.Within(started.Task, "leadership");

        await stop.CancelAsync();
        await Eventually.Within(run, "the elector to stop");

        Assert.True(stopped.Task.IsCompleted);
        Assert.True(leadership.IsCancellationRequested);
        var released = Read(endpoint.Current!);
        Assert.Null(released.Spec.HolderIdentity);
        Assert.Equal(1, released.Spec.LeaseDurationSeconds);

        using var nextStop = new CancellationTokenSource();
        var next = new LeaderElector(new LeaseClient(client), new LeaderElectionOptions
        {
            LeaseNamespace = "argo",
            LeaseName = "memoize",
            Identity = "pod-b",
            Clock = clock,
            Delay = clock.AdvancingDelay,
        });
        var nextStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        next.OnStartedLeading += _ => nextStarted.TrySetResult();
        var before = clock.GetUtcNow();
        var nextRun = next.RunAsync(nextStop.Token);
        await Eventually.Within(nextStarted.Task, "the next candidate to lead");
        Assert.Equal(before.UtcDateTime, Read(endpoint.Current!).Spec.AcquireTime);
        await nextStop.CancelAsync();
        await Eventually.Within(nextRun, "the next elector to stop");
    }

    private static V1Lease Read(System.Text.Json.Nodes.JsonObject lease) => k8s.KubernetesJson.Deserialize<V1Lease>(lease.ToJsonString());
}
