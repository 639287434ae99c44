using k8s;
using k8s.Models;
using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>The ConfigMap answers the cache relies on: conflicts, AlreadyExists, the 1 MiB limit, key and name validation, selectors, patches.</summary>
[Collection(ContractCollection.Name)]
[Trait("Category", "Contract")]
public sealed class ConfigMapContractTests(ContractCluster cluster)
{
    private readonly ConfigMapClient configMaps = new(cluster.Client);

    [ContractFact]
    public async Task Update_with_a_stale_resourceVersion_is_a_Conflict_with_the_recorded_message()
    {
        var name = ContractCluster.UniqueName("greeting-cache");
        var created = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name, new Dictionary<string, string> { ["hello"] = "1" }));
        var stale = ContractObjects.Clone(created);
        created.Data["hello"] = "2";
        await configMaps.UpdateAsync(created);

        stale.Data["hello"] = "3";
        var error = await Assert.ThrowsAsync<ConflictException>(() => configMaps.UpdateAsync(stale));

        RecordedStatus.AssertCarries(RecordedStatus.Load("api/put-409-conflict.json", "greeting-cache", name), error);
        Assert.Equal("2", (await configMaps.GetAsync(cluster.Namespace, name)).Data["hello"]);
    }

    [ContractFact]
    public async Task Creating_a_ConfigMap_that_exists_is_AlreadyExists_with_the_recorded_message()
    {
        var name = ContractCluster.UniqueName("greeting-cache");
        await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name));

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name)));

        RecordedStatus.AssertCarries(RecordedStatus.Load("api/post-409-exists.json", "greeting-cache", name), error);
    }

    [ContractFact]
    public async Task Reading_a_missing_ConfigMap_is_NotFound_with_the_recorded_message()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => configMaps.GetAsync(cluster.Namespace, "nope"));

        RecordedStatus.AssertCarries(RecordedStatus.Load("api/get-404.json"), error);
        Assert.Null(await configMaps.TryGetAsync(cluster.Namespace, "nope"));
    }

    [ContractFact]
    public async Task A_ConfigMap_over_1_MiB_is_Invalid_and_TooLong()
    {
        // Values count, keys do not: one value of 1048576 bytes plus one more byte is over.
        var big = ContractObjects.ConfigMap(cluster, "big", "big", new Dictionary<string, string> { ["a"] = new string('x', 1048576), ["b"] = "y" });

        var error = await Assert.ThrowsAsync<InvalidException>(() => configMaps.CreateAsync(big));

        Assert.True(error.IsTooLong);
        var recorded = RecordedStatus.Load("api/post-422-toolong.json");
        if (cluster.Emulator is not null)
        {
            RecordedStatus.AssertCarries(recorded, error);
        }
        else
        {
            // Newer API servers word the size message differently; the project relies only on what IsTooLong reads.
            Assert.StartsWith("ConfigMap \"big\" is invalid: []: Too long: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("1048576", error.Message, StringComparison.Ordinal);
            var cause = Assert.Single(error.Causes);
            Assert.Equal(("FieldValueTooLong", "[]"), (cause.Reason, cause.Field));
        }

        Assert.Null(await configMaps.TryGetAsync(cluster.Namespace, "big"));
    }

    [ContractFact]
    public async Task A_ConfigMap_of_exactly_1_MiB_is_accepted()
    {
        var name = ContractCluster.UniqueName("full");
        var full = ContractObjects.ConfigMap(cluster, name, name, new Dictionary<string, string> { ["a"] = new string('x', 1048575), ["b"] = "y" });

        var created = await configMaps.CreateAsync(full);

        Assert.Equal(1048575, created.Data["a"].Length);
    }

    [ContractFact]
    public async Task A_data_key_Kubernetes_refuses_is_Invalid_with_the_recorded_cause()
    {
        var bad = ContractObjects.ConfigMap(cluster, "badkey", "badkey", new Dictionary<string, string> { ["bad key!"] = "x" });

        var error = await Assert.ThrowsAsync<InvalidException>(() => configMaps.CreateAsync(bad));

        RecordedStatus.AssertCarries(RecordedStatus.Load("api/post-422-badkey.json"), error);
        Assert.False(error.IsTooLong);
    }

    [ContractFact]
    public async Task A_name_that_is_not_an_RFC_1123_subdomain_is_Invalid_with_the_recorded_cause()
    {
        var bad = ContractObjects.ConfigMap(cluster, "Bad_Name", "bad-name");

        var error = await Assert.ThrowsAsync<InvalidException>(() => configMaps.CreateAsync(bad));

        RecordedStatus.AssertCarries(RecordedStatus.Load("api/post-422-badname.json"), error);
    }

    [ContractFact]
    public async Task A_label_selector_list_returns_only_the_labelled_ConfigMaps()
    {
        var test = ContractCluster.UniqueName("selector");
        foreach (var (name, type) in new[] { ("b-cache", "Cache"), ("a-cache", "Cache"), ("parameters", "Parameter"), ("plain", null) })
        {
            var labels = type is null ? null : new Dictionary<string, string> { [ContractObjects.CacheLabel] = type };
            await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-{name}", test, labels: labels));
        }

        var caches = await configMaps.ListPageAsync(cluster.Namespace, $"{ContractObjects.CacheLabel}=Cache,{ContractObjects.Selector(test)}", null, null);
        var argoOwned = await configMaps.ListAsync(cluster.Namespace, $"{ContractObjects.CacheLabel} in (Cache,Parameter),{ContractObjects.Selector(test)}");
        var unlabelled = await configMaps.ListAsync(cluster.Namespace, $"!{ContractObjects.CacheLabel},{ContractObjects.Selector(test)}");

        // Lists come sorted by name, and each item gets the apiVersion and kind the list items lack on the wire.
        Assert.Equal([$"{test}-a-cache", $"{test}-b-cache"], caches.Items.Select(c => c.Name()));
        Assert.All(caches.Items, item => Assert.Equal(("v1", "ConfigMap"), (item.ApiVersion, item.Kind)));
        Assert.True(long.Parse(caches.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal([$"{test}-a-cache", $"{test}-b-cache", $"{test}-parameters"], argoOwned.Select(c => c.Name()));
        Assert.Equal([$"{test}-plain"], unlabelled.Select(c => c.Name()));
    }

    [ContractFact]
    public async Task A_merge_patch_adds_and_removes_data_keys_and_keeps_the_rest()
    {
        var name = ContractCluster.UniqueName("greeting-cache");
        var labels = new Dictionary<string, string> { [ContractObjects.CacheLabel] = "Cache" };
        var created = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name, new Dictionary<string, string> { ["hello"] = ContractObjects.RecordedEntry }, labels));

        var added = await configMaps.PatchAsync(cluster.Namespace, name, new JsonObject { ["data"] = new JsonObject { ["k2"] = "v2" } });
        var removed = await configMaps.PatchAsync(cluster.Namespace, name, new JsonObject { ["data"] = new JsonObject { ["hello"] = null } });

        // The data of tests/fixtures/api/patch-merge.json, the recorded answer to the same first patch.
        var recorded = (JsonObject)JsonNode.Parse(File.ReadAllText(Support.Fixture.PathOf("api/patch-merge.json")))!;
        Assert.Equal(recorded["data"]!.ToJsonString(), JsonNode.Parse(KubernetesJson.Serialize(added.Data))!.ToJsonString());
        Assert.Equal("Cache", added.Metadata.Labels[ContractObjects.CacheLabel]);
        Assert.Equal(created.Uid(), added.Uid());
        Assert.NotEqual(created.ResourceVersion(), added.ResourceVersion());
        Assert.Equal(new Dictionary<string, string> { ["k2"] = "v2" }, removed.Data);
        Assert.Equal(2, removed.Metadata.Labels.Count);
    }

    [ContractFact]
    public async Task A_json_patch_whose_test_fails_is_Invalid_with_the_recorded_message()
    {
        var name = ContractCluster.UniqueName("greeting-cache");
        await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name, new Dictionary<string, string> { ["hello"] = "1" }));
        var patch = JsonNode.Parse("""[{"op":"test","path":"/data/hello","value":"2"},{"op":"replace","path":"/data/hello","value":"3"}]""")!;

        var error = await Assert.ThrowsAsync<InvalidException>(() => configMaps.PatchAsync(cluster.Namespace, name, patch, PatchType.JsonPatch));

        RecordedStatus.AssertCarries(RecordedStatus.Load("api/patch-json-test-fail.json"), error);
        Assert.Equal("1", (await configMaps.GetAsync(cluster.Namespace, name)).Data["hello"]);
    }

    [ContractFact]
    public async Task Delete_with_a_stale_resourceVersion_is_a_Conflict_and_keeps_the_ConfigMap()
    {
        var name = ContractCluster.UniqueName("greeting-cache");
        var created = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, name, name));
        created.Data["hello"] = "changed";
        await configMaps.UpdateAsync(ContractObjects.Clone(created));

        var error = await Assert.ThrowsAsync<ConflictException>(() => configMaps.DeleteAsync(cluster.Namespace, name, created.ResourceVersion()));

        Assert.Equal(HttpStatusCode.Conflict, error.HttpStatusCode);
        Assert.Equal("Conflict", error.Reason);
        Assert.StartsWith($"Operation cannot be fulfilled on configmaps \"{name}\": Precondition failed: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await configMaps.TryGetAsync(cluster.Namespace, name));
    }
}
