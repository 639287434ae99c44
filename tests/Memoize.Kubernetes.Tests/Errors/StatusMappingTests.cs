using System.Net;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Errors;

public class StatusMappingTests
{
    public static TheoryData<string, int, Type, string> RecordedStatuses => new()
    {
        { "api/get-404.json", 404, typeof(NotFoundException), "configmaps \"nope\" not found" },
        { "api/put-409-conflict.json", 409, typeof(ConflictException), "Operation cannot be fulfilled on configmaps \"greeting-cache\": the object has been modified; please apply your changes to the latest version and try again" },
        { "api/post-409-exists.json", 409, typeof(AlreadyExistsException), "configmaps \"greeting-cache\" already exists" },
        { "api/post-422-toolong.json", 422, typeof(InvalidException), "ConfigMap \"big\" is invalid: []: Too long: must have at most 1048576 bytes" },
        { "api/post-422-badkey.json", 422, typeof(InvalidException), "ConfigMap \"badkey\" is invalid: data[bad key!]: Invalid value: \"bad key!\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" },
        { "api/post-422-badname.json", 422, typeof(InvalidException), "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
        { "api/patch-json-test-fail.json", 422, typeof(InvalidException), "the server rejected our request due to an error in our request" },
    };

    [Theory]
    [MemberData(nameof(RecordedStatuses))]
    public void Recorded_status_becomes_the_matching_exception_with_the_server_message(string fixture, int code, Type expected, string message)
    {
        var error = KubernetesApiException.FromResponse((HttpStatusCode)code, null, Fixture.Text(fixture));

        Assert.IsType(expected, error);
        Assert.Equal(message, error.Message);
        Assert.Equal(code, (int)error.HttpStatusCode);
        Assert.Equal(code, error.Status.Code);
    }

    [Fact]
    public void Too_long_invalid_is_recognised_from_its_cause()
    {
        var error = Assert.IsType<InvalidException>(KubernetesApiException.FromResponse(HttpStatusCode.UnprocessableEntity, null, Fixture.Text("api/post-422-toolong.json")));

        Assert.True(error.IsTooLong);
        var cause = Assert.Single(error.Causes);
        Assert.Equal(new StatusCause("FieldValueTooLong", "Too long: must have at most 1048576 bytes", "[]"), cause);
        Assert.Equal("big", error.Status.Name);
        Assert.Equal("ConfigMap", error.Status.Kind);
    }

    [Fact]
    public void Too_long_is_recognised_from_the_message_when_there_are_no_causes()
    {
        var body = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcdserver: request is too large; Too long: must have at most 1048576 bytes","reason":"Invalid","code":422}""";

        var error = Assert.IsType<InvalidException>(KubernetesApiException.FromResponse(HttpStatusCode.UnprocessableEntity, null, body));

        Assert.True(error.IsTooLong);
    }

    [Theory]
    [InlineData("api/post-422-badkey.json", "data[bad key!]")]
    [InlineData("api/post-422-badname.json", "metadata.name")]
    public void Other_invalid_answers_are_not_too_long_and_name_the_field(string fixture, string field)
    {
        var error = Assert.IsType<InvalidException>(KubernetesApiException.FromResponse(HttpStatusCode.UnprocessableEntity, null, Fixture.Text(fixture)));

        Assert.False(error.IsTooLong);
        Assert.Equal("FieldValueInvalid", Assert.Single(error.Causes).Reason);
        Assert.Equal(field, error.Causes[0].Field);
    }

    [Fact]
    public void Expired_watch_error_status_becomes_ExpiredException()
    {
        var line = System.Text.Json.Nodes.JsonNode.Parse(Fixture.Text("api/watch-410-gone.jsonl"))!;
        var status = KubernetesStatus.TryFrom(line["object"])!;

        var error = KubernetesApiException.FromStatus(status, HttpStatusCode.OK);

        Assert.IsType<ExpiredException>(error);
        Assert.Equal("too old resource version: 1 (206)", error.Message);
        Assert.Equal("Expired", error.Reason);
    }

    public static TheoryData<int, Type, string> SyntheticStatuses => new()
    {
        { 401, typeof(UnauthorizedException), "Unauthorized" },
        { 403, typeof(ForbiddenException), "Forbidden" },
        { 404, typeof(NotFoundException), "NotFound" },
        { 409, typeof(ConflictException), "Conflict" },
        { 410, typeof(ExpiredException), "Gone" },
        { 422, typeof(InvalidException), "Invalid" },
        { 429, typeof(TooManyRequestsException), "TooManyRequests" },
        { 500, typeof(ServerErrorException), "InternalError" },
        { 502, typeof(ServerErrorException), "Unknown" },
        { 503, typeof(ServerErrorException), "ServiceUnavailable" },
        { 504, typeof(ServerErrorException), "Timeout" },
        { 400, typeof(KubernetesApiException), "BadRequest" },
    };

    [Theory]
    [MemberData(nameof(SyntheticStatuses))]
    public void Empty_body_still_gives_a_typed_error_naming_the_HTTP_code(int code, Type expected, string reason)
    {
        var error = KubernetesApiException.FromResponse((HttpStatusCode)code, null, "");

        Assert.IsType(expected, error);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"the API server answered HTTP {code} with an empty body", error.Message);
    }

    [Fact]
    public void Html_page_from_a_proxy_gives_a_server_error_with_a_one_line_snippet()
    {
        var html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>";

        var error = KubernetesApiException.FromResponse(HttpStatusCode.BadGateway, "Bad Gateway", html);

        Assert.IsType<ServerErrorException>(error);
        Assert.Equal(
            "the API server answered HTTP 502 Bad Gateway with a body that is not a Kubernetes Status: <html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> </body> </html>",
            error.Message);
    }

    [Fact]
    public void Long_non_status_body_is_cut_to_200_characters()
    {
        var error = KubernetesApiException.FromResponse(HttpStatusCode.ServiceUnavailable, null, new string('x', 500));

        Assert.Equal($"the API server answered HTTP 503 with a body that is not a Kubernetes Status: {new string('x', 200)}...", error.Message);
    }

    [Fact]
    public void Too_many_requests_carries_retry_after_from_the_header_or_the_status_details()
    {
        var body = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too many requests, please try again later","reason":"TooManyRequests","details":{"retryAfterSeconds":3},"code":429}""";

        var fromDetails = Assert.IsType<TooManyRequestsException>(KubernetesApiException.FromResponse(HttpStatusCode.TooManyRequests, null, body));
        var fromHeader = Assert.IsType<TooManyRequestsException>(KubernetesApiException.FromResponse(HttpStatusCode.TooManyRequests, null, body, TimeSpan.FromSeconds(7)));

        Assert.Equal(TimeSpan.FromSeconds(3), fromDetails.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(7), fromHeader.RetryAfter);
        Assert.Equal("too many requests, please try again later", fromDetails.Message);
    }
}
