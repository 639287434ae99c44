using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.ApiEmulator.Tests.Audit;

/// <summary>The emulator's record of every stored write: verb, resource, object, resourceVersion, time and who.</summary>
public sealed class WriteRecordTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_create_update_patch_and_delete_is_recorded_in_order_with_the_user_and_user_agent()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { Clock = new ManualTimeProvider(Now) });
        var writer = emulator.AddUser("system:serviceaccount:argo:memoize-reconciler", "system:masters");
        using var client = emulator.CreateHttpClient(writer.Token);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("replica-a/1.0");

        var created = await client.CreateConfigMapAsync("argo", "cache", new Dictionary<string, string> { ["a"] = "1" });
        created["data"]!["b"] = "2";
        var updated = await client.ApiPutAsync($"{ConfigMaps}/cache", created);
        var patched = await client.ApiPatchAsync($"{ConfigMaps}/cache", JsonNode.Parse("""{"data":{"c":"3"}}""")!);
        var deleted = await client.ApiDeleteAsync($"{ConfigMaps}/cache");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        var writes = emulator.Writes.Writes;
        Assert.Equal(
            [
                $"rv {created["metadata"]!["resourceVersion"]} create configmaps argo/cache by system:serviceaccount:argo:memoize-reconciler",
                $"rv {updated.Json["metadata"]!["resourceVersion"]} update configmaps argo/cache by system:serviceaccount:argo:memoize-reconciler",
                $"rv {patched.Json["metadata"]!["resourceVersion"]} patch configmaps argo/cache by system:serviceaccount:argo:memoize-reconciler",
                $"rv {emulator.ResourceVersion} delete configmaps argo/cache by system:serviceaccount:argo:memoize-reconciler",
            ],
            writes.Select(w => w.ToString()));
        Assert.All(writes, w => Assert.Equal("replica-a/1.0", w.UserAgent));
        Assert.All(writes, w => Assert.Equal(Now, w.Time));
        Assert.All(writes, w => Assert.Equal("", w.Group));
        Assert.Equal("""{"a":"1","b":"2","c":"3"}""", writes[2].Object["data"]!.ToJsonString());
        Assert.Equal(writes[2].Object["data"]!.ToJsonString(), writes[3].Object["data"]!.ToJsonString()); // a delete records the last state
    }

    [Fact]
    public async Task Refused_conflicting_dry_run_and_read_requests_record_nothing()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "cache");
        emulator.Writes.Clear();

        var stale = created.DeepClone().AsObject();
        stale["metadata"]!["resourceVersion"] = "999"; // not the stored version
        stale["data"] = new JsonObject { ["x"] = "y" };
        var conflict = await client.ApiPutAsync($"{ConfigMaps}/cache", stale);
        emulator.Faults.FailNext(1, 500, verb: "create");
        var failed = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("other"));
        var dryRun = await client.ApiPostAsync($"{ConfigMaps}?dryRun=All", Objects.ConfigMap("dry"));
        var invalid = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("Not_A_Name"));
        await client.ApiGetAsync($"{ConfigMaps}/cache");
        await client.ApiGetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal(HttpStatusCode.Created, dryRun.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        Assert.Empty(emulator.Writes.Writes);
    }

    [Fact]
    public async Task Writes_of_other_kinds_name_their_group_and_a_cluster_scoped_object_has_no_namespace()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var lease = await client.ApiPostAsync("/apis/coordination.k8s.io/v1/namespaces/argo/leases",
            JsonNode.Parse("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"memoize-reconciler"},"spec":{"holderIdentity":"replica-a"}}""")!);
        var template = await client.ApiPostAsync("/apis/argoproj.io/v1alpha1/clusterworkflowtemplates",
            JsonNode.Parse("""{"apiVersion":"argoproj.io/v1alpha1","kind":"ClusterWorkflowTemplate","metadata":{"name":"shared"},"spec":{"templates":[]}}""")!);

        Assert.Equal(HttpStatusCode.Created, lease.Status);
        Assert.Equal(HttpStatusCode.Created, template.Status);
        var writes = emulator.Writes.Writes;
        Assert.Equal(["coordination.k8s.io leases argo/memoize-reconciler by admin", "argoproj.io clusterworkflowtemplates shared by admin"],
            writes.Select(w => $"{w.Group} {w.Resource} {(w.Namespace.Length > 0 ? w.Namespace + "/" : "")}{w.Name} by {w.User}"));
        Assert.Equal("replica-a", writes[0].Object["spec"]!["holderIdentity"]!.GetValue<string>());
    }
}
