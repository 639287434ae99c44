using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Reconciler.Hosting;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// The real reconciler, configured by the rendered Deployment's flags, runs against the API emulator as the service
/// account memoize-system/memoize-reconciler with nothing but what the rendered RBAC grants it: every kind of request
/// it sends (informers, Lease, ConfigMap create, update and delete, Workflow update, Events) must be allowed.
/// </summary>
public sealed class ReconcilerRbacTests(ITestOutputHelper output)
{
    private const string Team = "team-a";
    private const string Cache = "rbac-check-cache";
    private const string CoreEventsFallback = "create core/events in every namespace";

    [Fact]
    public async Task The_reconciler_does_its_whole_job_with_only_the_RBAC_the_manifests_grant()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var documents = RenderedManifests.Render("manifests/base");
        var container = RenderedManifests.Container(documents, "memoize-reconciler");
        Assert.True(ReconcilerOptions.TryParse(RenderedManifests.Arguments(container), RenderedManifests.Environment(container), out var deployed, out var error), error);

        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null });
        var account = emulator.AddServiceAccount("memoize-system", "memoize-reconciler");
        var granted = RenderedRbac.Grant(emulator.Authorization, documents, "memoize-system", "memoize-reconciler");
        foreach (var grant in granted)
        {
            output.WriteLine("granted: " + grant);
        }

        var directory = Directory.CreateTempSubdirectory("memoize-reconciler-rbac-");
        var logs = new CapturedLogs();
        try
        {
            var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
            emulator.WriteKubeconfig(kubeconfig, "memoize-system", account.Token);
            // The deployed settings, except: an ephemeral metrics port, and GC run by the test (entries not hit for 1 ms go).
            var options = deployed with
            {
                MetricsAddress = new IPEndPoint(IPAddress.Loopback, 0),
                GarbageCollection = false,
                GarbageCollectionNotHitFor = TimeSpan.FromMilliseconds(1),
                Identity = "memoize-reconciler-rbac-check",
                LeaseRetryPeriod = TimeSpan.FromMilliseconds(200),
            };
            using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
            var retries = RetryPolicy.Default with { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };
            var informers = new InformerOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };
            await using var host = ReconcilerHost.Create(options, KubeConfig.Load(kubeconfig).ToConnection(), loggers, retryPolicy: retries, informerOptions: informers);
            using var admin = emulator.CreateHttpClient();
            using (var starting = new CancellationTokenSource(Deadline.Default))
            {
                await host.StartAsync(starting.Token);
            }

            // Informers on the four Argo kinds and on cache ConfigMaps in argo (list, watch); the Lease (get, create).
            await Deadline.WaitUntilAsync(() => host.Resources.IsSynced && host.IsLeader, "the reconciler has synced its informers and leads");
            var lease = await admin.GetFromJsonAsync<JsonObject>("/apis/coordination.k8s.io/v1/namespaces/memoize-system/leases/memoize-reconciler");
            Assert.Equal(host.Identity, (string?)lease!["spec"]!["holderIdentity"]);

            // Stores: the first creates the cache ConfigMap in argo, the second updates it.
            await emulator.ApplyYamlAsync(Workflow("stored-hello", "hello", "Succeeded").ToJsonString(), Team);
            await Deadline.WaitUntilAsync(async () => (await CacheAsync(admin))?["data"]?["hello"] is not null, "the entry hello is stored (configmaps create)");
            await emulator.ApplyYamlAsync(Workflow("stored-world", "world", "Succeeded").ToJsonString(), Team);
            await Deadline.WaitUntilAsync(async () => (await CacheAsync(admin))?["data"]?["world"] is not null, "the entry world is stored (configmaps update)");

            // A lookup that hits writes the Workflow back (workflows update).
            await emulator.ApplyYamlAsync(Workflow("looked-up", "hello", "Pending").ToJsonString(), Team);
            await Deadline.WaitUntilAsync(
                async () => (await admin.GetFromJsonAsync<JsonObject>($"/apis/argoproj.io/v1alpha1/namespaces/{Team}/workflows/looked-up"))!["status"]!["nodes"]!["looked-up"]!["memoizationStatus"]?["hit"]?.GetValue<bool>() == true,
                "the pending node is marked as a hit (workflows update)");

            // A key that is invalid after substitution is reported with an Event (events create).
            await emulator.ApplyYamlAsync(Workflow("bad-key", "a.txt", "Pending").ToJsonString(), Team);
            await Deadline.WaitUntilAsync(
                async () => (await admin.GetFromJsonAsync<JsonObject>($"/apis/events.k8s.io/v1/namespaces/{Team}/events"))!["items"]!.AsArray()
                    .Any(e => (string?)e!["reason"] == "MemoizeInvalidKey" && (string?)e["regarding"]!["name"] == "bad-key"),
                "a MemoizeInvalidKey Event about bad-key (events create)");

            // GC empties the ConfigMap it created and deletes it (configmaps delete).
            await Deadline.WaitUntilAsync(async () =>
            {
                using var collecting = new CancellationTokenSource(Deadline.Default);
                await host.GarbageCollection.CollectOnceAsync(collecting.Token);
                return await CacheAsync(admin) is null;
            }, "garbage collection deletes the emptied cache ConfigMap (configmaps delete)");

            // The leader renews its Lease every retry period (leases update).
            await Deadline.WaitUntilAsync(
                () => emulator.Authorization.UsedRules.Any(r => r.Verb == "update" && r.Resource == "leases"),
                "the leader renews its Lease (leases update)");

            Assert.Equal(0, host.Metrics.ReconcileErrors.Value);
            Assert.DoesNotContain(logs.Lines, line => line.Message.Contains("forbidden", StringComparison.OrdinalIgnoreCase));

            // Least privilege: every verb the manifests grant was needed by some request of this run, and (above) every
            // request was allowed, so what is granted and what the code uses are the same set. The one exception is the
            // EventRecorder's fallback to core v1 Events, taken only on an API server that does not serve events.k8s.io/v1.
            var used = emulator.Authorization.UsedRules.Select(RenderedRbac.Describe).Distinct().Order(StringComparer.Ordinal).ToList();
            var neededOnThisServer = granted.Except([CoreEventsFallback]).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.Contains(CoreEventsFallback, granted);
            Assert.Equal(neededOnThisServer, used);
        }
        finally
        {
            foreach (var line in logs.Lines)
            {
                output.WriteLine($"{line.Level} {line.Category}: {line.Message}");
            }

            directory.Delete(recursive: true);
        }
    }

    private static async Task<JsonObject?> CacheAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync($"/api/v1/namespaces/argo/configmaps/{Cache}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonObject>();
    }

    // A one-pod Workflow running the memoized template main (key: the message), as Argo's controller writes it.
    private static JsonObject Workflow(string name, string message, string phase)
    {
        var node = new JsonObject
        {
            ["id"] = name,
            ["name"] = name,
            ["displayName"] = name,
            ["type"] = "Pod",
            ["templateName"] = "main",
            ["templateScope"] = "local/",
            ["phase"] = phase,
            ["startedAt"] = "2026-11-21T10:00:00Z",
            ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message", ["value"] = message }) },
        };
        if (phase == "Succeeded")
        {
            node["finishedAt"] = "2026-11-21T10:00:07Z";
            node["memoizationStatus"] = new JsonObject { ["hit"] = false, ["key"] = message, ["cacheName"] = Cache };
            node["outputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "greeting", ["value"] = message + "!" }), ["exitCode"] = "0" };
        }

        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Team },
            ["spec"] = new JsonObject
            {
                ["entrypoint"] = "main",
                ["arguments"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message", ["value"] = message }) },
                ["templates"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message" }) },
                    ["outputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "greeting", ["valueFrom"] = new JsonObject { ["path"] = "/tmp/greeting" } }) },
                    ["memoize"] = new JsonObject
                    {
                        ["key"] = "{{inputs.parameters.message}}",
                        ["maxAge"] = "1h",
                        ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = Cache } },
                    },
                    ["container"] = new JsonObject { ["image"] = "alpine:3.20", ["command"] = new JsonArray("sh", "-c", "echo {{inputs.parameters.message}}! > /tmp/greeting") },
                }),
            },
            ["status"] = new JsonObject { ["phase"] = "Running", ["startedAt"] = "2026-11-21T10:00:00Z", ["nodes"] = new JsonObject { [name] = node } },
        };
    }
}
