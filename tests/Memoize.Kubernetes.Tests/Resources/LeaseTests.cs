using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Resources;

public class LeaseTests
{
    private const string Stored = """
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"m","namespace":"argo","resourceVersion":"7"},
         "spec":{"holderIdentity":"pod-a","leaseDurationSeconds":15,"acquireTime":"2026-01-02T03:04:05.123456Z","renewTime":"2026-01-02T03:04:06.000000Z","leaseTransitions":2,"strategy":"OldestEmulationVersion"}}
        """;

    [Fact]
    public async Task Reads_micro_times_and_writes_them_with_six_digits_keeping_the_other_fields()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, Stored).Then(HttpStatusCode.OK, Stored);
        var leases = new LeaseClient(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None));

        var lease = await leases.GetAsync("argo", "m");
        lease.Spec.RenewTime = new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.FromHours(1)).UtcDateTime;
        lease.Spec.HolderIdentity = null;
        await leases.UpdateAsync(lease);

        Assert.Equal(("pod-a", 15, 2, "7"), ("pod-a", lease.Spec.LeaseDurationSeconds, lease.Spec.LeaseTransitions, lease.ResourceVersion()));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560), lease.Spec.AcquireTime);
        var sent = JsonNode.Parse(handler.Requests[1].Body!)!["spec"]!;
        Assert.Equal("2026-01-02T03:00:00.000000Z", sent["renewTime"]!.GetValue<string>());
        Assert.Equal("2026-01-02T03:04:05.123456Z", sent["acquireTime"]!.GetValue<string>());
        Assert.Null(sent["holderIdentity"]);
        Assert.Equal("OldestEmulationVersion", sent["strategy"]!.GetValue<string>());
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/argo/leases/m", handler.Requests[1].PathAndQuery);
    }
}
