using System.Net;
using System.Text;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Admission;

/// <summary>Bad input gets a clear 4xx (a Kubernetes Status body) or a well-formed denial, never a 500, and never takes the server down.</summary>
public sealed class BadInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WebhookServer Server => fixture.Server;

    private static string Status(int code, string reason, string message) =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{code}}}""";

    public static TheoryData<string, string, string?, int, string> Cases => new()
    {
        {
            "empty body", "", "application/json", 400,
            Status(400, "BadRequest", "the request body is empty: send an admission.k8s.io/v1 AdmissionReview as JSON")
        },
        {
            "not JSON", "hello", "application/json", 400,
            Status(400, "BadRequest", "the request body is not valid JSON ('h' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.): send an admission.k8s.io/v1 AdmissionReview as JSON")
        },
        {
            "truncated JSON", """{"kind":"AdmissionReview","apiVersion":""", "application/json", 400,
            Status(400, "BadRequest", "the request body is not valid JSON (Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. LineNumber: 0 | BytePositionInLine: 39.): send an admission.k8s.io/v1 AdmissionReview as JSON")
        },
        {
            "wrong Content-Type", "{}", "text/plain", 415,
            Status(415, "UnsupportedMediaType", "Content-Type \\\"text/plain\\\" is not supported: send the AdmissionReview as JSON with Content-Type: application/json")
        },
        {
            "YAML Content-Type", "{}", "application/yaml", 415,
            Status(415, "UnsupportedMediaType", "Content-Type \\\"application/yaml\\\" is not supported: send the AdmissionReview as JSON with Content-Type: application/json")
        },
        {
            "no Content-Type", "{}", null, 415,
            Status(415, "UnsupportedMediaType", "the Content-Type header is missing: send the AdmissionReview as JSON with Content-Type: application/json")
        },
        {
            "not an AdmissionReview", """{"kind":"Pod","apiVersion":"v1"}""", "application/json", 400,
            Status(400, "BadRequest", "the request body is not an AdmissionReview: expected a JSON object with \\\"apiVersion\\\": \\\"admission.k8s.io/v1\\\" and \\\"kind\\\": \\\"AdmissionReview\\\"")
        },
        {
            "a JSON array", "[1,2]", "application/json", 400,
            Status(400, "BadRequest", "the request body is not an AdmissionReview: expected a JSON object with \\\"apiVersion\\\": \\\"admission.k8s.io/v1\\\" and \\\"kind\\\": \\\"AdmissionReview\\\"")
        },
        {
            "a v1beta1 review", """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1beta1","request":{"uid":"u1"}}""", "application/json", 400,
            Status(400, "BadRequest", "AdmissionReview admission.k8s.io/v1beta1 is not served: this webhook speaks only admission.k8s.io/v1; set admissionReviewVersions: [\\\"v1\\\"] in the webhook configuration")
        },
        {
            "no request", """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}""", "application/json", 400,
            Status(400, "BadRequest", "the AdmissionReview has no request: kube-apiserver always sends one; send a review whose request has a uid, kind, operation and object")
        },
        {
            "a request without uid", """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"operation":"CREATE"}}""", "application/json", 400,
            Status(400, "BadRequest", "the AdmissionReview request has no uid: kube-apiserver always sends request.uid, so this did not come from it; send a complete admission.k8s.io/v1 AdmissionReview")
        },
        {
            "JSON nested too deep", new string('[', 65) + new string(']', 65), "application/json", 400,
            Status(400, "BadRequest", "the request body is nested deeper than 64 levels, the limit for an AdmissionReview; no Kubernetes object is that deep, so check what sent it")
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_clear_4xx_status(string what, string body, string? contentType, int status, string expected)
    {
        foreach (var endpoint in new[] { "/validate", "/mutate" })
        {
            using var response = await Server.PostAsync(endpoint, body, contentType);
            Assert.True((int)response.StatusCode == status, $"{what} on {endpoint}: {response.StatusCode}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Json_nested_exactly_64_levels_is_parsed_and_judged_as_a_review()
    {
        using var response = await Server.PostAsync("/validate", new string('[', 64) + new string(']', 64));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not an AdmissionReview", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_uid_but_no_kind_gets_a_well_formed_denial()
    {
        using var response = await Server.PostAsync("/validate", """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u-1","operation":"CREATE"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":false,"status":{"status":"Failure","message":"the AdmissionReview request u-1 has no kind: request.kind must name the group, version and kind of the object, e.g. {\"group\":\"argoproj.io\",\"version\":\"v1alpha1\",\"kind\":\"Workflow\"}","reason":"BadRequest","code":400}}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_with_Content_Length_gets_413()
    {
        // The 413 is answered from Content-Length alone, before the body is read; with Expect: 100-continue the
        // client learns it without sending the body (without it, the body is read and dropped first; see below).
        var content = new ByteArrayContent(new byte[(3 * 1024 * 1024) + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await Server.Admission.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            Status(413, "RequestEntityTooLarge", "the request body is larger than 3145728 bytes, the limit kube-apiserver itself puts on a request; no AdmissionReview is that large, so check what sent it"),
            await response.Content.ReadAsStringAsync());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', (3 * 1024 * 1024) + 1) + "\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Server.Admission.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 3145728 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_string_gets_400_naming_the_byte()
    {
        var prefix = Encoding.UTF8.GetBytes("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u-1","name":"a""");
        var suffix = Encoding.UTF8.GetBytes("\"}}");
        var body = prefix.Concat(new byte[] { 0xC3, 0x28 }).Concat(suffix).ToArray();
        foreach (var endpoint in new[] { "/validate", "/mutate" })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await Server.Admission.PostAsync(endpoint, content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(
                Status(400, "BadRequest", $"the request body is not valid JSON (invalid UTF-8 at byte {prefix.Length}): send an admission.k8s.io/v1 AdmissionReview as JSON"),
                await response.Content.ReadAsStringAsync());
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_duplicate_key_gets_400_naming_the_key()
    {
        using var response = await Server.PostAsync("/validate", """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u-1","uid":"u-2"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            Status(400, "BadRequest", "the request body is not valid JSON (Duplicate property 'uid' encountered during deserialization.): send an admission.k8s.io/v1 AdmissionReview as JSON"),
            await response.Content.ReadAsStringAsync());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_body_one_byte_over_the_limit_sent_without_100_continue_gets_a_readable_413()
    {
        // kube-apiserver does not send Expect: 100-continue: the whole body is on its way when the answer is due.
        var content = new ByteArrayContent(new byte[(3 * 1024 * 1024) + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var client = Server.NewAdmissionClient();
        using var response = await client.PostAsync("/validate", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, "a 413 closes the connection");
        Assert.Equal(
            Status(413, "RequestEntityTooLarge", "the request body is larger than 3145728 bytes, the limit kube-apiserver itself puts on a request; no AdmissionReview is that large, so check what sent it"),
            await response.Content.ReadAsStringAsync());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_without_Content_Length_gets_a_readable_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[(3 * 1024 * 1024) + 1]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var client = Server.NewAdmissionClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, "a 413 closes the connection");
        Assert.Contains("larger than 3145728 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read_and_judged()
    {
        var padding = (3 * 1024 * 1024) - Encoding.UTF8.GetByteCount("""{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","pad":""}""");
        var body = """{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","pad":""" + "\"" + new string('x', padding) + "\"}";
        Assert.Equal(3 * 1024 * 1024, Encoding.UTF8.GetByteCount(body));
        using var response = await Server.PostAsync("/validate", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            Status(400, "BadRequest", "the AdmissionReview has no request: kube-apiserver always sends one; send a review whose request has a uid, kind, operation and object"),
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_with_a_charset_parameter_is_accepted()
    {
        using var response = await Server.PostAsync("/validate", Fixtures.Admission("workflow-delete.json"), "application/json; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Admission_is_not_served_over_plain_http_and_health_not_over_https()
    {
        using var plain = await Server.Health.PostAsync("/validate", new StringContent(Fixtures.Admission("workflow-delete.json"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        using var metricsOverTls = await Server.Admission.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, metricsOverTls.StatusCode);
    }

    [Fact]
    public async Task Get_on_an_admission_endpoint_is_405()
    {
        using var response = await Server.Admission.GetAsync("/validate");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_counted_as_rejected()
    {
        using var _ = await Server.PostAsync("/mutate", "", "application/json");
        var metrics = await Server.Health.GetStringAsync("/metrics");
        Assert.Matches("""memoize_webhook_requests_total\{endpoint="mutate",kind="unknown",operation="unknown",verdict="rejected"\} [1-9]""", metrics);
    }

    private async Task AssertStillServingAsync()
    {
        var (status, body) = await Server.ReviewAsync("/validate", Fixtures.Admission("workflow-delete.json"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(true, (bool?)body["response"]?["allowed"]);
    }
}
