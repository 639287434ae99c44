using System.Net;
using System.Text;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>An in-memory API server: answers each request with the next scripted response (or a routing function) and records what was sent.</summary>
internal sealed class FakeApiHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, HttpResponseMessage>> script = new();
    private readonly Func<RecordedRequest, HttpResponseMessage>? route;

    public FakeApiHandler(Func<RecordedRequest, HttpResponseMessage>? route = null)
    {
        this.route = route;
    }

    public List<RecordedRequest> Requests { get; } = [];

    public FakeApiHandler Then(HttpStatusCode status, string body, Action<HttpResponseMessage>? configure = null)
    {
        script.Enqueue(_ =>
        {
            var response = Respond(status, body);
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public FakeApiHandler ThenFixture(HttpStatusCode status, string fixture) => Then(status, Fixture.Text(fixture));

    public FakeApiHandler Then(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        script.Enqueue(respond);
        return this;
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            body,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers.Authorization?.ToString(),
            request.Headers.Accept.ToString());
        lock (Requests)
        {
            Requests.Add(recorded);
        }

        Func<RecordedRequest, HttpResponseMessage>? next;
        lock (script)
        {
            script.TryDequeue(out next);
        }

        next ??= route ?? throw new InvalidOperationException($"the fake API server has no answer scripted for {recorded.Method} {recorded.PathAndQuery}");
        var response = next(recorded);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>What the client sent.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Body, string? ContentType, string? Authorization, string Accept);
