using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Resources;

public class SubjectAccessReviewClientTests
{
    [Fact]
    public async Task Review_posts_the_question_and_reads_the_answer()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.Created, """
            {"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},
             "spec":{},"status":{"allowed":false,"reason":"no RBAC policy matched"}}
            """);
        var client = new SubjectAccessReviewClient(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None));

        var result = await client.ReviewAsync("system:serviceaccount:argo:argo", ["system:serviceaccounts"], "create", "", "configmaps", "argo");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/apis/authorization.k8s.io/v1/subjectaccessreviews", request.PathAndQuery);
        var expected = JsonNode.Parse(
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"system:serviceaccount:argo:argo","resourceAttributes":{"verb":"create","group":"","resource":"configmaps","namespace":"argo"},"groups":["system:serviceaccounts"]}}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body!)), request.Body);
        Assert.Equal(new AccessReviewResult(false, false, "no RBAC policy matched", null), result);
    }

    [Fact]
    public async Task Allowed_and_denied_answers_are_read()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.Created, """{"status":{"allowed":true,"reason":"RBAC: allowed by ClusterRoleBinding \"argo-binding\""}}""")
            .Then(HttpStatusCode.Created, """{"status":{"allowed":false,"denied":true,"reason":"denied by policy","evaluationError":"webhook timed out"}}""");
        var client = new SubjectAccessReviewClient(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None));

        var allowed = await client.ReviewAsync("alice", null, "update", "", "configmaps", null);
        var denied = await client.ReviewAsync("bob", null, "delete", "argoproj.io", "workflows", "argo");

        Assert.Equal(new AccessReviewResult(true, false, "RBAC: allowed by ClusterRoleBinding \"argo-binding\"", null), allowed);
        Assert.Equal(new AccessReviewResult(false, true, "denied by policy", "webhook timed out"), denied);
        Assert.DoesNotContain("namespace", handler.Requests[0].Body!, StringComparison.Ordinal);
        Assert.DoesNotContain("groups", handler.Requests[0].Body!, StringComparison.Ordinal);
    }
}
