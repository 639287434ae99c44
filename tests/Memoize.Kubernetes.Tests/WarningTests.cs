using Memoize.Kubernetes.Resources;
using System.Net;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests;

public class WarningTests
{
    private static KubernetesApiClient Client(FakeApiHandler handler) =>
        new(new ClusterConnection(new Uri("https://k8s.test:6443")), handler, RetryPolicy.None);

    public static TheoryData<string, string[]> Headers => new()
    {
        { "299 - \"unknown field \\\"spec.foo\\\"\"", ["unknown field \"spec.foo\""] },
        { "299 - \"a back\\\\slash\"", ["a back\\slash"] },
        { "299 kube-apiserver \"with an agent\" \"Wed, 21 Oct 2015 07:28:00 GMT\"", ["with an agent"] },
        { "299 - \"first, with a comma\", 299 - \"second\"", ["first, with a comma", "second"] },
        { "199 - \"not a Kubernetes warning\", 299 - \"kept\"", ["kept"] },
        { "299 - \"\"", [] },
        { "299 - unquoted", [] },
        { "299 - \"unterminated", [] },
        { "abc - \"no code\"", [] },
        { "299 - \"good\", garbage", ["good"] },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Warning_header_values_are_read_as_client_go_reads_them(string header, string[] expected)
    {
        Assert.Equal(expected, WarningHeader.Parse(header));
    }

    [Fact]
    public async Task Warnings_of_a_successful_call_are_raised_in_order_with_the_request()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, "{}", response =>
        {
            response.Headers.TryAddWithoutValidation("Warning", "299 - \"first\"");
            response.Headers.TryAddWithoutValidation("Warning", "299 - \"second\"");
        });
        using var client = Client(handler);
        var warnings = new List<ApiWarning>();
        client.WarningReceived += warnings.Add;

        await new ConfigMapClient(client).GetAsync("argo", "x");

        Assert.Equal(
            [new ApiWarning("first", "GET /api/v1/namespaces/argo/configmaps/x"), new ApiWarning("second", "GET /api/v1/namespaces/argo/configmaps/x")],
            warnings);
    }

    [Fact]
    public async Task Warnings_of_a_refused_call_are_raised_before_the_error_is_thrown()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.NotFound, Fixture.Text("api/get-404.json"),
            response => response.Headers.TryAddWithoutValidation("Warning", "299 - \"look elsewhere\""));
        using var client = Client(handler);
        var warnings = new List<string>();
        client.WarningReceived += warning => warnings.Add(warning.Text);

        await Assert.ThrowsAsync<NotFoundException>(() => new ConfigMapClient(client).GetAsync("argo", "nope"));

        Assert.Equal(["look elsewhere"], warnings);
    }

    [Fact]
    public async Task A_throwing_warning_listener_does_not_fail_the_call()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, "{\"kind\":\"ConfigMap\"}",
            response => response.Headers.TryAddWithoutValidation("Warning", "299 - \"ignored\""));
        using var client = Client(handler);
        client.WarningReceived += _ => throw new InvalidOperationException("listener bug");

        var configMap = await new ConfigMapClient(client).GetAsync("argo", "x");

        Assert.Equal("ConfigMap", configMap.Kind);
    }
}
