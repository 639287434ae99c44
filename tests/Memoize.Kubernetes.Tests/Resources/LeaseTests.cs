using System.Text.Json.Nodes;
using Memoize.Kubernetes.Resources;

namespace Memoize.Kubernetes.Tests.Resources;

public class LeaseTests
{
    [Fact]
    public void Reads_and_writes_micro_time_fields_and_keeps_other_fields()
    {
        var json = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"m","namespace":"argo","resourceVersion":"7"},
             "spec":{"holderIdentity":"pod-a","leaseDurationSeconds":15,"acquireTime":"2026-01-02T03:04:05.123456Z","renewTime":"2026-01-02T03:04:06.000000Z","leaseTransitions":2,"strategy":"OldestEmulationVersion"}}
            """)!;
        var lease = new Lease(json);

        Assert.Equal("pod-a", lease.HolderIdentity);
        Assert.Equal(15, lease.LeaseDurationSeconds);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560), lease.AcquireTime);
        Assert.Equal(2, lease.LeaseTransitions);
        Assert.Equal("7", lease.ResourceVersion);

        lease.RenewTime = new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.FromHours(1));
        lease.HolderIdentity = null;

        Assert.Equal("2026-01-02T03:00:00.000000Z", json["spec"]!["renewTime"]!.GetValue<string>());
        Assert.Null(json["spec"]!["holderIdentity"]);
        Assert.Equal("OldestEmulationVersion", json["spec"]!["strategy"]!.GetValue<string>());
    }
}
