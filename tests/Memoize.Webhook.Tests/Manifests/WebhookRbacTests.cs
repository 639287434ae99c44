using System.Text.Json.Nodes;
using Memoize.Webhook.Tests.Cluster;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// The webhook, connected to the API emulator as memoize-system/memoize-webhook with nothing but what the rendered
/// manifests grant, does its whole job (index informers, RBAC hints, the unlabelled-cache read), and every verb granted
/// was needed by one of its requests: the grants and the verbs the code uses are the same set.
/// </summary>
public sealed class WebhookRbacTests(ITestOutputHelper output)
{
    private const string WebhookUser = "system:serviceaccount:memoize-system:memoize-webhook";

    [Fact]
    public async Task The_webhook_needs_every_verb_the_manifests_grant_it_and_no_other()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/base");
        IReadOnlyList<string> granted = [];
        await using var cluster = await EmulatedCluster.StartAsync(emulator =>
        {
            var account = emulator.AddServiceAccount("memoize-system", "memoize-webhook");
            granted = RenderedRbac.Grant(emulator.Authorization, documents, "memoize-system", "memoize-webhook");
            return account.Token;
        });
        cluster.GrantController("get", "create", "update");
        await Deadline.WaitUntilAsync(() => cluster.Cluster.Index.IsSynced, "the index informers have listed all four Argo kinds");
        await Deadline.WaitUntilAsync(() => cluster.Emulator.OpenWatchCount >= 4, "the four index informers watch");

        // A memoized Workflow through the API server's admission: /mutate asks a SubjectAccessReview about the Argo
        // controller and reads the cache ConfigMap it names (here it does not exist yet).
        var workflow = Fixtures.AdmissionJson("workflow-create-kubectl-apply.json")["request"]!["object"]!.DeepClone().AsObject();
        workflow["metadata"]!.AsObject().Remove("managedFields");
        workflow["metadata"]!.AsObject().Remove("creationTimestamp");
        var (_, warnings) = await cluster.CreateAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", workflow);
        Assert.Empty(warnings);

        var used = cluster.Emulator.Authorization.UsedRules.Where(r => r.Subject == WebhookUser).Select(RenderedRbac.Describe).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(granted.Distinct().Order(StringComparer.Ordinal).ToList(), used);
        Assert.DoesNotContain(cluster.Webhook.Logs.Lines, line => line.Message.Contains("forbidden", StringComparison.OrdinalIgnoreCase));
    }
}
