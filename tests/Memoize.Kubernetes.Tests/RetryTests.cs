using System.Net;
using System.Net.Http.Headers;
using k8s.Models;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests;

public class RetryTests
{
    private const string Throttled = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too many requests","reason":"TooManyRequests","code":429}""";
    private const string Unavailable = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd is unavailable","reason":"ServiceUnavailable","code":503}""";

    private readonly List<TimeSpan> delays = [];

    private RetryPolicy Policy(int attempts = 5) => new()
    {
        MaxAttempts = attempts,
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(1),
        JitterFraction = 0.2,
        Delay = (wait, _) =>
        {
            delays.Add(wait);
            return Task.CompletedTask;
        },
    };

    private KubernetesApiClient Client(FakeApiHandler handler, int attempts = 5) =>
        new(new ClusterConnection(new Uri("https://k8s.test")), handler, Policy(attempts));

    private static V1ConfigMap NewConfigMap() => ConfigMapClient.New("argo", "c");

    [Fact]
    public async Task Too_many_requests_waits_exactly_the_Retry_After_and_then_succeeds_even_for_a_create()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.TooManyRequests, Throttled, response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2)))
            .Then(HttpStatusCode.Created, "{}");
        using var client = Client(handler);

        await new ConfigMapClient(client).CreateAsync(NewConfigMap());

        Assert.Equal([TimeSpan.FromSeconds(2)], delays);
        Assert.Equal(["POST", "POST"], handler.Requests.Select(request => request.Method));
    }

    [Fact]
    public async Task Retry_After_longer_than_the_cap_is_cut_to_the_cap()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.TooManyRequests, Throttled, response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1)))
            .Then(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        await new ConfigMapClient(client).GetAsync("argo", "c");

        Assert.Equal([TimeSpan.FromSeconds(60)], delays);
    }

    [Fact]
    public async Task Service_unavailable_on_a_read_is_retried_with_growing_backoff_then_succeeds()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.ServiceUnavailable, Unavailable)
            .Then(HttpStatusCode.ServiceUnavailable, Unavailable)
            .Then(HttpStatusCode.OK, """{"kind":"ConfigMap"}""");
        using var client = Client(handler);

        var obj = await new ConfigMapClient(client).GetAsync("argo", "c");

        Assert.Equal("ConfigMap", obj.Kind);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, delays.Count);
        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(120));
        Assert.InRange(delays[1], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(240));
    }

    [Fact]
    public async Task Reads_give_up_after_the_last_attempt_with_the_server_error()
    {
        var handler = new FakeApiHandler(_ => FakeApiHandler.Respond(HttpStatusCode.ServiceUnavailable, Unavailable));
        using var client = Client(handler, attempts: 3);

        var error = await Assert.ThrowsAsync<ServerErrorException>(() => new ConfigMapClient(client).ListAsync("argo"));

        Assert.Equal("etcd is unavailable", error.Message);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task Server_error_on_a_write_is_not_retried()
    {
        var handler = new FakeApiHandler(_ => FakeApiHandler.Respond(HttpStatusCode.ServiceUnavailable, Unavailable));
        using var client = Client(handler);

        await Assert.ThrowsAsync<ServerErrorException>(() => new ConfigMapClient(client).UpdateAsync(NewConfigMap()));

        Assert.Single(handler.Requests);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task Internal_server_error_is_retried_for_a_read_and_not_for_a_write()
    {
        const string Internal = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcdserver: request timed out","reason":"InternalError","code":500}""";
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.InternalServerError, Internal)
            .Then(HttpStatusCode.OK, """{"kind":"ConfigMap","metadata":{"name":"c"}}""")
            .Then(HttpStatusCode.InternalServerError, Internal);
        using var client = Client(handler);
        var configMaps = new ConfigMapClient(client);

        var read = await configMaps.GetAsync("argo", "c");
        var write = await Assert.ThrowsAsync<ServerErrorException>(() => configMaps.UpdateAsync(NewConfigMap()));

        Assert.Equal("c", read.Name());
        Assert.Equal("etcdserver: request timed out", write.Message);
        Assert.Equal(["GET", "GET", "PUT"], handler.Requests.Select(request => request.Method));
        Assert.Single(delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "api/put-409-conflict.json", "GET")]
    [InlineData(HttpStatusCode.Conflict, "api/put-409-conflict.json", "PUT")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "api/post-422-toolong.json", "PUT")]
    [InlineData(HttpStatusCode.NotFound, "api/get-404.json", "GET")]
    [InlineData(HttpStatusCode.Forbidden, null, "GET")]
    public async Task Conflict_invalid_not_found_and_forbidden_are_never_retried(HttpStatusCode status, string? fixture, string method)
    {
        var handler = new FakeApiHandler(_ => FakeApiHandler.Respond(status, fixture is null ? "" : Fixture.Text(fixture)));
        using var client = Client(handler);

        var call = method == "GET"
            ? new ConfigMapClient(client).GetAsync("argo", "c")
            : new ConfigMapClient(client).UpdateAsync(NewConfigMap());
        await Assert.ThrowsAnyAsync<KubernetesApiException>(() => call);

        Assert.Single(handler.Requests);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task Connection_failure_on_a_read_is_retried_and_finally_reported_clearly()
    {
        var handler = new FakeApiHandler(_ => throw new HttpRequestException("Connection refused (k8s.test:443)"));
        using var client = Client(handler, attempts: 2);

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() => new ConfigMapClient(client).GetAsync("argo", "c"));

        Assert.Equal("cannot reach the Kubernetes API server https://k8s.test (GET /api/v1/namespaces/argo/configmaps/c): Connection refused (k8s.test:443)", error.Message);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(delays);
    }

    [Fact]
    public void Backoff_doubles_and_is_capped()
    {
        var policy = new RetryPolicy { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500), JitterFraction = 0 };

        Assert.Equal(
            [100, 200, 400, 500, 500],
            Enumerable.Range(1, 5).Select(retry => policy.BackoffFor(retry).TotalMilliseconds));
    }
}
