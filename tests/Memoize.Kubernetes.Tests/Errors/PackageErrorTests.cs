using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Errors;

/// <summary>Failures of real calls through the KubernetesClient package, as the project's typed exceptions.</summary>
public class PackageErrorTests
{
    private static ConfigMapClient ConfigMaps(FakeApiHandler handler, RetryPolicy? policy = null) =>
        new(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, policy ?? RetryPolicy.None));

    private static string Status(int code, string reason, string message, string details = "{}") =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","details":{{details}},"code":{{code}}}""";

    public static TheoryData<int, string, Type> Statuses => new()
    {
        { 401, "Unauthorized", typeof(UnauthorizedException) },
        { 403, "Forbidden", typeof(ForbiddenException) },
        { 404, "NotFound", typeof(NotFoundException) },
        { 409, "Conflict", typeof(ConflictException) },
        { 409, "AlreadyExists", typeof(AlreadyExistsException) },
        { 410, "Expired", typeof(ExpiredException) },
        { 422, "Invalid", typeof(InvalidException) },
        { 429, "TooManyRequests", typeof(TooManyRequestsException) },
        { 500, "InternalError", typeof(ServerErrorException) },
        { 503, "ServiceUnavailable", typeof(ServerErrorException) },
        { 400, "BadRequest", typeof(KubernetesApiException) },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Each_status_answer_becomes_its_typed_exception_with_the_server_message(int code, string reason, Type expected)
    {
        var handler = new FakeApiHandler().Then((HttpStatusCode)code, Status(code, reason, $"the server says {reason}"));

        var error = await Record.ExceptionAsync(() => ConfigMaps(handler).GetAsync("argo", "c"));

        Assert.IsType(expected, error);
        var typed = (KubernetesApiException)error;
        Assert.Equal(($"the server says {reason}", reason, code, code), (typed.Message, typed.Reason, typed.Status.Code, (int)typed.HttpStatusCode));
    }

    [Fact]
    public async Task Invalid_carries_its_causes_and_knows_when_the_object_is_too_long()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.UnprocessableEntity, "api/post-422-toolong.json");

        var error = await Assert.ThrowsAsync<InvalidException>(() => ConfigMaps(handler).CreateAsync(ConfigMapClient.New("argo", "big")));

        Assert.True(error.IsTooLong);
        Assert.Equal(new StatusCause("FieldValueTooLong", "Too long: must have at most 1048576 bytes", "[]"), Assert.Single(error.Causes));
    }

    [Fact]
    public async Task Too_many_requests_carries_the_Retry_After_header()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.TooManyRequests, Status(429, "TooManyRequests", "slow down"),
            response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        var error = await Assert.ThrowsAsync<TooManyRequestsException>(() => ConfigMaps(handler).GetAsync("argo", "c"));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task An_html_page_from_a_proxy_is_the_typed_error_with_the_code_and_a_snippet()
    {
        var handler = new FakeApiHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            ReasonPhrase = "Bad Gateway",
            Content = new StringContent("<html>\n<body>upstream connect error</body>\n</html>", System.Text.Encoding.UTF8, "text/html"),
        });

        var error = await Assert.ThrowsAsync<ServerErrorException>(() => ConfigMaps(handler).GetAsync("argo", "c"));

        Assert.Equal("the API server answered HTTP 502 Bad Gateway with a body that is not a Kubernetes Status: <html> <body>upstream connect error</body> </html>", error.Message);
        Assert.Equal(("Unknown", 502), (error.Reason, error.Status.Code));
    }

    [Fact]
    public async Task An_empty_error_body_still_gives_the_typed_error()
    {
        var handler = new FakeApiHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { ReasonPhrase = "Forbidden", Content = new StringContent("") });

        var error = await Assert.ThrowsAsync<ForbiddenException>(() => ConfigMaps(handler).GetAsync("argo", "c"));

        Assert.Equal("the API server answered HTTP 403 Forbidden with an empty body", error.Message);
    }

    [Fact]
    public async Task Connection_refused_is_ServerUnreachable_naming_the_server()
    {
        // A port nobody listens on: bind one, note it, close it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var api = new KubernetesApiClient(new ClusterConnection(new Uri($"http://127.0.0.1:{port}")), RetryPolicy.None);

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() => new ConfigMapClient(api).GetAsync("argo", "c"));

        Assert.StartsWith($"cannot reach the Kubernetes API server http://127.0.0.1:{port} (GET /api/v1/namespaces/argo/configmaps/c): Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (int)error.HttpStatusCode);
    }
}
