using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>
/// One Lease behind a fake API server: GET (404 when absent), POST (409 AlreadyExists when present),
/// PUT (409 Conflict on a stale resourceVersion), each write bumping the resourceVersion.
/// </summary>
internal sealed class FakeLeaseEndpoint
{
    private readonly Lock gate = new();
    private JsonObject? lease;
    private long version = 100;

    public FakeLeaseEndpoint()
    {
        Handler = new FakeApiHandler(Serve);
    }

    public FakeApiHandler Handler { get; }

    /// <summary>When true, every write answers 500.</summary>
    public bool FailWrites { get; set; }

    /// <summary>Called on every GET with the stored lease, e.g. to let another holder renew it.</summary>
    public Action<JsonObject>? OnGet { get; set; }

    public List<JsonObject> Writes { get; } = [];

    /// <summary>Asked on every GET: when it says yes (once), a write lands right after that GET is answered, so its copy is stale.</summary>
    public Func<bool>? ConcurrentWriteAfterGet { get; set; }

    public JsonObject? Current
    {
        get
        {
            lock (gate)
            {
                return (JsonObject?)lease?.DeepClone();
            }
        }
    }

    public void Seed(JsonObject stored)
    {
        lock (gate)
        {
            lease = stored;
            Bump(lease);
        }
    }

    private HttpResponseMessage Serve(RecordedRequest request)
    {
        lock (gate)
        {
            switch (request.Method)
            {
                case "GET" when lease is null:
                    return Status(HttpStatusCode.NotFound, "NotFound", "leases.coordination.k8s.io \"memoize\" not found");
                case "GET":
                    OnGet?.Invoke(lease);
                    var answer = FakeApiHandler.Respond(HttpStatusCode.OK, lease.ToJsonString());
                    if (ConcurrentWriteAfterGet?.Invoke() == true)
                    {
                        ConcurrentWriteAfterGet = null;
                        Bump(lease);
                    }

                    return answer;
                case "POST" or "PUT" when FailWrites:
                    return Status(HttpStatusCode.InternalServerError, "InternalError", "etcdserver: request timed out");
                case "POST" when lease is not null:
                    return Status(HttpStatusCode.Conflict, "AlreadyExists", "leases.coordination.k8s.io \"memoize\" already exists");
                case "PUT" when lease is null:
                    return Status(HttpStatusCode.NotFound, "NotFound", "leases.coordination.k8s.io \"memoize\" not found");
                case "PUT" when ObjectMetadata.ResourceVersion((JsonObject)JsonNode.Parse(request.Body!)!) != ObjectMetadata.ResourceVersion(lease):
                    return Status(HttpStatusCode.Conflict, "Conflict", "Operation cannot be fulfilled on leases.coordination.k8s.io \"memoize\": the object has been modified; please apply your changes to the latest version and try again");
                case "POST" or "PUT":
                    var written = (JsonObject)JsonNode.Parse(request.Body!)!;
                    Writes.Add((JsonObject)written.DeepClone());
                    RemoveNulls((JsonObject)written["spec"]!);
                    Bump(written);
                    lease = written;
                    return FakeApiHandler.Respond(request.Method == "POST" ? HttpStatusCode.Created : HttpStatusCode.OK, lease.ToJsonString());
                default:
                    throw new InvalidOperationException($"unexpected {request.Method}");
            }
        }
    }

    // Like the API server: a null field is simply absent once stored.
    private static void RemoveNulls(JsonObject spec)
    {
        foreach (var key in spec.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList())
        {
            spec.Remove(key);
        }
    }

    private void Bump(JsonObject stored) =>
        ((JsonObject)stored["metadata"]!)["resourceVersion"] = (++version).ToString(CultureInfo.InvariantCulture);

    private static HttpResponseMessage Status(HttpStatusCode code, string reason, string message) =>
        FakeApiHandler.Respond(code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = (int)code,
        }.ToJsonString());
}
