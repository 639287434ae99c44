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

    [Theory]
    [InlineData("2026-03-04T05:06:07.123456Z", "2026-03-04T05:06:07.123456Z")]
    [InlineData("2026-03-04T06:06:07.000000+01:00", "2026-03-04T05:06:07.000000Z")]
    public async Task A_lease_microtime_is_stored_in_utc_with_six_digits(string sent, string stored)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var created = (await client.ApiPostAsync(Leases, JsonNode.Parse($$$"""{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","renewTime":"{{{sent}}}","acquireTime":"{{{sent}}}"}}""")!)).Json;
        var read = (await client.ApiGetAsync($"{Leases}/l")).Json;

        Assert.Equal((stored, stored), (created["spec"]!["renewTime"]!.GetValue<string>(), created["spec"]!["acquireTime"]!.GetValue<string>()));
        Assert.Equal(stored, read["spec"]!["renewTime"]!.GetValue<string>());
    }

    // apimachinery parses a MicroTime with Go's layout 2006-01-02T15:04:05.000000Z07:00, which takes exactly six digits.
    [Theory]
    [InlineData("2026-03-04T05:06:07Z", "Z", ".000000")]
    [InlineData("2026-03-04T05:06:07.123Z", ".123Z", ".000000")]
    [InlineData("2026-03-04T05:06:07.123456789Z", "789Z", "Z07:00")]
    public async Task A_microtime_without_exactly_six_fractional_digits_is_a_bad_request(string sent, string valueElement, string layoutElement)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var lease = await client.ApiPostAsync(Leases, JsonNode.Parse($$$"""{"metadata":{"name":"l"},"spec":{"renewTime":"{{{sent}}}"}}""")!);
        var ev = await client.ApiPostAsync("/apis/events.k8s.io/v1/namespaces/argo/events", JsonNode.Parse($$$"""{"metadata":{"name":"e"},"eventTime":"{{{sent}}}","reportingController":"c","reportingInstance":"i","action":"A","reason":"R","type":"Normal","regarding":{"kind":"Workflow","name":"wf"}}""")!);

        Assert.Equal(HttpStatusCode.BadRequest, lease.Status);
        Assert.Equal($"Lease in version \"v1\" cannot be handled as a Lease: parsing time \"{sent}\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"{valueElement}\" as \"{layoutElement}\"",
            lease.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, ev.Status);
        Assert.StartsWith("Event in version \"v1\" cannot be handled as a Event: parsing time", ev.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
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
