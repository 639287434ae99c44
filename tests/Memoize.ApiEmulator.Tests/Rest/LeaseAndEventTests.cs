using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>coordination.k8s.io Leases (leader election) and Events, core and events.k8s.io.</summary>
public sealed class LeaseAndEventTests
{
    private const string Leases = "/apis/coordination.k8s.io/v1/namespaces/memoize-system/leases";

    [Fact]
    public async Task Leader_election_takes_a_lease_and_a_second_candidate_conflicts()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var lease = JsonNode.Parse("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"memoize-reconciler"},"spec":{"holderIdentity":"pod-a","leaseDurationSeconds":15,"acquireTime":"2026-01-01T00:00:00.000000Z","renewTime":"2026-01-01T00:00:00.000000Z","leaseTransitions":0}}""")!;

        var created = (await client.ApiPostAsync(Leases, lease)).Json;
        var renewed = created.DeepClone();
        renewed["spec"]!["renewTime"] = "2026-01-01T00:00:10.000000Z";
        var renewal = await client.ApiPutAsync($"{Leases}/memoize-reconciler", renewed);
        var takeover = created.DeepClone();
        takeover["spec"]!["holderIdentity"] = "pod-b";
        var lateTakeover = await client.ApiPutAsync($"{Leases}/memoize-reconciler", takeover);

        Assert.Equal(HttpStatusCode.OK, renewal.Status);
        Assert.Equal(HttpStatusCode.Conflict, lateTakeover.Status);
        Assert.Equal("Operation cannot be fulfilled on leases.coordination.k8s.io \"memoize-reconciler\": the object has been modified; please apply your changes to the latest version and try again",
            lateTakeover.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_lease_update_needs_a_resource_version()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Leases, JsonNode.Parse("""{"metadata":{"name":"l"},"spec":{"holderIdentity":"a"}}""")!);

        var response = await client.ApiPutAsync($"{Leases}/l", JsonNode.Parse("""{"metadata":{"name":"l"},"spec":{"holderIdentity":"b"}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("leases.coordination.k8s.io \"l\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_of_a_missing_lease_creates_it()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPutAsync($"{Leases}/new", JsonNode.Parse("""{"metadata":{"name":"new"},"spec":{"holderIdentity":"a"}}""")!);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("Lease", response.Json["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_non_positive_lease_duration_is_invalid()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(Leases, JsonNode.Parse("""{"metadata":{"name":"l"},"spec":{"leaseDurationSeconds":0}}""")!);

        Assert.Equal("Lease.coordination.k8s.io \"l\" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Core_events_are_created_and_listed_by_involved_object()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var ev = JsonNode.Parse("""{"metadata":{"name":"wf.1"},"involvedObject":{"kind":"Workflow","namespace":"argo","name":"wf"},"reason":"CacheHit","message":"served from cache","type":"Normal","count":1}""")!;

        var created = await client.ApiPostAsync("/api/v1/namespaces/argo/events", ev);
        var listed = (await client.ApiGetAsync("/api/v1/namespaces/argo/events?fieldSelector=involvedObject.name%3Dwf,reason%3DCacheHit")).Json;

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("served from cache", Assert.Single(listed["items"]!.AsArray())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_core_event_about_another_namespace_is_invalid()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync("/api/v1/namespaces/argo/events",
            JsonNode.Parse("""{"metadata":{"name":"e"},"involvedObject":{"kind":"Workflow","namespace":"other","name":"wf"}}""")!);

        Assert.Equal("Event \"e\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_k8s_io_events_need_their_reporting_fields()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        const string events = "/apis/events.k8s.io/v1/namespaces/argo/events";

        var incomplete = await client.ApiPostAsync(events, JsonNode.Parse("""{"metadata":{"name":"e"},"type":"Normal","eventTime":"2026-01-01T00:00:00.000000Z"}""")!);
        var complete = await client.ApiPostAsync(events, JsonNode.Parse("""{"metadata":{"name":"e"},"type":"Normal","eventTime":"2026-01-01T00:00:00.000000Z","reportingController":"memoize.dev/reconciler","reportingInstance":"pod-a","action":"Lookup","reason":"CacheHit","note":"hit","regarding":{"kind":"Workflow","name":"wf"}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.Status);
        Assert.Equal("Event.events.k8s.io \"e\" is invalid: [reportingController: Required value, reportingController: Invalid value: \"\": name part must be non-empty, reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), reportingInstance: Required value, action: Required value, reason: Required value]",
            incomplete.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, complete.Status);
        Assert.Equal("hit", complete.Json["note"]!.GetValue<string>());
    }
}
