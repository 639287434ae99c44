using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Access;

/// <summary>Authentication, authorization rules, and SubjectAccessReviews answered from them.</summary>
public sealed class AccessTests
{
    private const string Reviews = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    [Fact]
    public async Task A_request_without_a_token_gets_the_real_401()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = null;

        var response = await client.ApiGetAsync("/api/v1/namespaces/argo/configmaps");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""", response.Text);
    }

    [Fact]
    public async Task A_wrong_token_gets_401()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient("not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.ApiGetAsync("/api")).Status);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_emulator_ca_cannot_connect()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api"));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task A_service_account_is_forbidden_until_a_rule_allows_it()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var controller = emulator.AddServiceAccount("argo", "argo");
        using var client = emulator.CreateHttpClient(controller.Token);

        var denied = await client.ApiPostAsync("/api/v1/namespaces/argo/configmaps", Objects.ConfigMap("cache"));
        emulator.Authorization.Allow(controller.Username, "create", "configmaps", "argo", "");
        var allowed = await client.ApiPostAsync("/api/v1/namespaces/argo/configmaps", Objects.ConfigMap("cache"));
        var otherNamespace = await client.ApiGetAsync("/api/v1/namespaces/team/configmaps/cache");

        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps is forbidden: User \"system:serviceaccount:argo:argo\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"argo\"","reason":"Forbidden","details":{"kind":"configmaps"},"code":403}""", denied.Text);
        Assert.Equal(HttpStatusCode.Created, allowed.Status);
        Assert.Equal("configmaps \"cache\" is forbidden: User \"system:serviceaccount:argo:argo\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"team\"", otherNamespace.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_scoped_denials_say_at_the_cluster_scope()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var user = emulator.AddUser("jane");
        using var client = emulator.CreateHttpClient(user.Token);

        var response = await client.ApiGetAsync("/apis/argoproj.io/v1alpha1/clusterworkflowtemplates");

        Assert.Equal("clusterworkflowtemplates.argoproj.io is forbidden: User \"jane\" cannot list resource \"clusterworkflowtemplates\" in API group \"argoproj.io\" at the cluster scope", response.Json["message"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string, string> Reviewed => new()
    {
        // user, verb, namespace, expected status
        { "system:serviceaccount:argo:argo", "update", "argo", """{"allowed":true,"reason":"RBAC: allowed by emulator rule to User \"system:serviceaccount:argo:argo\""}""" },
        { "system:serviceaccount:argo:argo", "update", "team", """{"allowed":false}""" },
        { "system:serviceaccount:argo:argo", "delete", "argo", """{"allowed":false}""" },
        { "system:serviceaccount:argo:other", "update", "argo", """{"allowed":false}""" },
        { "mallory", "update", "argo", """{"allowed":false,"denied":true,"reason":"mallory is blocked"}""" },
    };

    [Theory]
    [MemberData(nameof(Reviewed))]
    public async Task Subject_access_reviews_are_answered_from_the_rules(string user, string verb, string @namespace, string expectedStatus)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Authorization.Allow("system:serviceaccount:argo:argo", "update", "configmaps", "argo", "");
        emulator.Authorization.Allow("mallory", "*", "*");
        emulator.Authorization.Deny("mallory", "update", "configmaps", reason: "mallory is blocked");
        var review = JsonNode.Parse($$$$"""{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"{{{{user}}}}","resourceAttributes":{"namespace":"{{{{@namespace}}}}","verb":"{{{{verb}}}}","group":"","resource":"configmaps"}}}""")!;

        var response = await client.ApiPostAsync(Reviews, review);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(expectedStatus, response.Json["status"]!.Compact());
        Assert.Equal("""{"creationTimestamp":null}""", response.Json["metadata"]!.Compact());
        Assert.Equal(review["spec"]!.Compact(), response.Json["spec"]!.Compact());
    }

    [Fact]
    public async Task Group_rules_and_system_masters_allow()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Authorization.AllowGroup("system:serviceaccounts:argo", "get", "configmaps");

        var byGroup = await client.ApiPostAsync(Reviews, JsonNode.Parse("""{"spec":{"user":"x","groups":["system:serviceaccounts:argo"],"resourceAttributes":{"verb":"get","resource":"configmaps","namespace":"argo"}}}""")!);
        var admin = await client.ApiPostAsync(Reviews, JsonNode.Parse("""{"spec":{"user":"root","groups":["system:masters"],"resourceAttributes":{"verb":"delete","resource":"configmaps"}}}""")!);

        Assert.True(byGroup.Json["status"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("""{"allowed":true}""", admin.Json["status"]!.Compact());
    }

    [Fact]
    public async Task A_review_without_user_or_attributes_is_invalid()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(Reviews, JsonNode.Parse("""{"spec":{}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("SubjectAccessReview.authorization.k8s.io \"\" is invalid: [spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: \"\": at least one of user or group must be specified]",
            response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_self_subject_access_review_is_about_the_caller()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var reconciler = emulator.AddServiceAccount("memoize-system", "reconciler");
        emulator.Authorization.Allow(reconciler.Username, "update", "configmaps");
        using var client = emulator.CreateHttpClient(reconciler.Token);

        var response = await client.ApiPostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            JsonNode.Parse("""{"spec":{"resourceAttributes":{"verb":"update","resource":"configmaps","namespace":"argo"}}}""")!);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.True(response.Json["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Reviews_can_only_be_created()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiGetAsync(Reviews);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("the server does not allow this method on the requested resource", response.Json["message"]!.GetValue<string>());
    }
}
