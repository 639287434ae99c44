using System.Text.Json.Nodes;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// What the Pod Security "restricted" profile and a read-only root filesystem need, checked on what is installed:
/// the Dockerfile's runtime stages (as text: no Docker engine here) and every container of both Deployments as
/// <c>kubectl kustomize</c> renders the base and every overlay, with the values Kubernetes would apply (a
/// container's securityContext wins over the pod's).
/// </summary>
public sealed class ContainerHardeningTests(ITestOutputHelper output)
{
    private static readonly string[] Deployments = ["memoize-webhook", "memoize-reconciler"];

    /// <summary>The base and every overlay directory, so an overlay added later is checked too.</summary>
    public static TheoryData<string> Kustomizations
    {
        get
        {
            var data = new TheoryData<string> { "manifests/base" };
            foreach (var overlay in Directory.GetDirectories(Path.Combine(RenderedManifests.RepositoryRoot, "manifests", "overlays")).Order(StringComparer.Ordinal))
            {
                data.Add("manifests/overlays/" + Path.GetFileName(overlay));
            }
            return data;
        }
    }

    [Fact]
    public void Every_runtime_image_stage_runs_as_a_numeric_non_root_user()
    {
        var stages = DockerfileStage.Parse(File.ReadAllText(Path.Combine(RenderedManifests.RepositoryRoot, "Dockerfile")));
        var runtime = stages.Where(s => s.All("ENTRYPOINT").Any()).ToList();
        Assert.Equal(["reconciler", "webhook"], runtime.Select(s => s.Name).Order(StringComparer.Ordinal));
        foreach (var stage in runtime)
        {
            // The last USER wins; a numeric one lets the kubelet check runAsNonRoot without the image's /etc/passwd.
            var user = stage.All("USER").LastOrDefault();
            Assert.True(user is not null, $"stage {stage.Name} has no USER: it would run as root");
            var uid = user.Arguments.Split(':')[0];
            Assert.True(uint.TryParse(uid, out var number), $"Dockerfile line {user.Line}: USER {user.Arguments} is not numeric");
            Assert.True(number != 0, $"Dockerfile line {user.Line}: USER {user.Arguments} is root");
            Assert.Equal(1654u, number); // the runAsUser of both Deployments
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_container_of_both_Deployments_is_restricted_and_writes_only_to_an_emptyDir(string kustomization)
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var documents = RenderedManifests.Render(kustomization);
        foreach (var name in Deployments)
        {
            var pod = RenderedManifests.Single(documents, "Deployment", name)["spec"]!["template"]!["spec"]!.AsObject();
            var podContext = pod["securityContext"]?.AsObject() ?? [];
            var volumes = (pod["volumes"]?.AsArray() ?? []).ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
            var containers = (pod["containers"]?.AsArray() ?? []).Concat(pod["initContainers"]?.AsArray() ?? []).Select(c => c!.AsObject()).ToList();
            Assert.NotEmpty(containers);
            foreach (var container in containers)
            {
                var where = $"{kustomization}: Deployment {name} container {container["name"]}";
                var context = container["securityContext"]?.AsObject() ?? [];
                string? Effective(string field) => (string?)(context[field] ?? podContext[field]);

                Assert.True(Effective("runAsNonRoot") == "true", $"{where}: runAsNonRoot is not true");
                Assert.True(long.TryParse(Effective("runAsUser"), out var uid) && uid > 0, $"{where}: runAsUser is {Effective("runAsUser") ?? "unset"}, not a non-zero UID");
                Assert.True((string?)context["readOnlyRootFilesystem"] == "true", $"{where}: readOnlyRootFilesystem is not true");
                Assert.True((string?)context["allowPrivilegeEscalation"] == "false", $"{where}: allowPrivilegeEscalation is not false");
                Assert.True(context["capabilities"]?["drop"]?.AsArray().Any(c => (string?)c == "ALL") == true, $"{where}: capabilities do not drop ALL");
                Assert.True(context["capabilities"]?["add"] is null, $"{where}: capabilities add {context["capabilities"]?["add"]?.ToJsonString()}");
                Assert.True((string?)(context["seccompProfile"] ?? podContext["seccompProfile"])?["type"] == "RuntimeDefault", $"{where}: seccompProfile is not RuntimeDefault");
                Assert.True(context["privileged"] is null || (string?)context["privileged"] == "false", $"{where}: privileged");

                // The root filesystem is read-only, so the only writable paths are the mounts; each must be an emptyDir.
                foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
                {
                    if ((string?)mount!["readOnly"] == "true")
                    {
                        continue;
                    }
                    var volume = volumes[(string)mount["name"]!];
                    Assert.True(volume["emptyDir"] is not null, $"{where}: {mount["mountPath"]} is writable and is not an emptyDir: {volume.ToJsonString()}");
                    Assert.True(volume["emptyDir"]?["sizeLimit"] is not null, $"{where}: the emptyDir at {mount["mountPath"]} has no sizeLimit");
                }
            }
        }
    }
}
