using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>ConfigMap REST semantics: resourceVersions, validation, updates, deletes, pagination.</summary>
public sealed class ConfigMapTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    [Fact]
    public async Task Resource_versions_increase_strictly_across_kinds_and_writes()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var first = await client.CreateConfigMapAsync("argo", "a");
        var workflow = (await client.ApiPostAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", Objects.Workflow("wf"))).Json;
        var second = await client.CreateConfigMapAsync("other", "a");

        var versions = new[] { first, workflow, second }.Select(o => long.Parse(o["metadata"]!["resourceVersion"]!.GetValue<string>())).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(3, versions.Distinct().Count());
        Assert.Equal(versions[^1], emulator.ResourceVersion);
    }

    [Fact]
    public async Task Create_sets_uid_and_a_whole_second_utc_creation_timestamp()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 14, 55, 11, 456, TimeSpan.Zero));
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { Clock = clock });
        using var client = emulator.CreateHttpClient();

        var created = await client.CreateConfigMapAsync("argo", "a");

        Assert.Equal("2026-11-21T14:55:11Z", created["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.True(Guid.TryParse(created["metadata"]!["uid"]!.GetValue<string>(), out _));
        Assert.Null(created["metadata"]!["generation"]);
    }

    [Fact]
    public async Task GenerateName_gets_five_random_lowercase_alphanumerics()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, JsonNode.Parse("""{"metadata":{"generateName":"cache-"}}""")!);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Matches("^cache-[a-z0-9]{5}$", response.Json["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("cache-", response.Json["metadata"]!["generateName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(".", "Invalid value: \".\": must not be '.'")]
    [InlineData("..", "Invalid value: \"..\": must not be '..'")]
    [InlineData("..hidden", "Invalid value: \"..hidden\": must not start with '..'")]
    public async Task Dot_data_keys_are_refused_with_kubernetes_messages(string key, string cause)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("dots", new Dictionary<string, string> { [key] = "x" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal($"ConfigMap \"dots\" is invalid: data[{key}]: {cause}", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_data_key_longer_than_253_characters_is_refused()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var key = new string('k', 254);

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("long", new Dictionary<string, string> { [key] = "x" }));

        Assert.Equal($"ConfigMap \"long\" is invalid: data[{key}]: Invalid value: \"{key}\": must be no more than 253 characters", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Several_errors_are_aggregated_in_brackets_with_one_cause_each()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("two", new Dictionary<string, string> { ["a b"] = "x", ["."] = "y" }));

        var message = response.Json["message"]!.GetValue<string>();
        Assert.StartsWith("ConfigMap \"two\" is invalid: [data[.]: Invalid value: \".\": must not be '.', data[a b]: Invalid value: \"a b\": a valid config key", message);
        Assert.Equal(2, response.Json["details"]!["causes"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(1048576, HttpStatusCode.Created)]
    [InlineData(1048577, HttpStatusCode.UnprocessableEntity)]
    public async Task The_size_limit_counts_value_bytes_up_to_exactly_one_mebibyte(int valueBytes, HttpStatusCode expected)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        // Two values whose sizes add up to valueBytes; the keys do not count (like Kubernetes).
        var data = new Dictionary<string, string> { ["first-key"] = new('a', valueBytes / 2), ["second-key"] = new('b', valueBytes - valueBytes / 2) };

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("edge", data));

        Assert.Equal(expected, response.Status);
    }

    [Fact]
    public async Task Multibyte_characters_count_as_their_utf8_bytes()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("utf8", new Dictionary<string, string> { ["k"] = new('é', 524289) }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("ConfigMap \"utf8\" is invalid: []: Too long: must have at most 1048576 bytes", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_without_resource_version_is_unconditional_for_configmaps_like_kube_apiserver()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a", new Dictionary<string, string> { ["k"] = "1" });

        var response = await client.ApiPutAsync($"{ConfigMaps}/a", Objects.ConfigMap("a", new Dictionary<string, string> { ["k"] = "2" }));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("2", response.Json["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_of_a_missing_configmap_is_404()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPutAsync($"{ConfigMaps}/nope", Objects.ConfigMap("nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("configmaps \"nope\" not found", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_name_that_differs_from_the_url_is_a_bad_request()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a");

        var response = await client.ApiPutAsync($"{ConfigMaps}/a", Objects.ConfigMap("b"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("the name of the object (b) does not match the name on the URL (a)", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_namespace_that_differs_from_the_url_is_a_bad_request()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, JsonNode.Parse("""{"metadata":{"name":"a","namespace":"elsewhere"}}""")!);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_no_op_update_keeps_the_resource_version()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "a", new Dictionary<string, string> { ["k"] = "1" });

        var response = await client.ApiPutAsync($"{ConfigMaps}/a", created);

        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), response.Json["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(long.Parse(created["metadata"]!["resourceVersion"]!.GetValue<string>()), emulator.ResourceVersion);
    }

    [Fact]
    public async Task Server_owned_metadata_survives_an_update_that_omits_it()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "a");
        var body = Objects.ConfigMap("a", new Dictionary<string, string> { ["k"] = "v" });
        body["metadata"]!["resourceVersion"] = created["metadata"]!["resourceVersion"]!.GetValue<string>();

        var updated = (await client.ApiPutAsync($"{ConfigMaps}/a", body)).Json;

        Assert.Equal(created["metadata"]!["uid"]!.GetValue<string>(), updated["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(created["metadata"]!["creationTimestamp"]!.GetValue<string>(), updated["metadata"]!["creationTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task Changing_the_uid_on_update_is_refused()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "a");
        created["metadata"]!["uid"] = "00000000-0000-0000-0000-000000000000";

        var response = await client.ApiPutAsync($"{ConfigMaps}/a", created);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("ConfigMap \"a\" is invalid: metadata.uid: Invalid value: \"00000000-0000-0000-0000-000000000000\": field is immutable", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_immutable_configmap_refuses_data_changes()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var body = Objects.ConfigMap("frozen", new Dictionary<string, string> { ["k"] = "1" });
        body["immutable"] = true;
        await client.ApiPostAsync(ConfigMaps, body);

        var response = await client.ApiPatchAsync($"{ConfigMaps}/frozen", JsonNode.Parse("""{"data":{"k":"2"}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_labels_are_refused_with_kubernetes_messages()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("l", null, new Dictionary<string, string> { ["team"] = "data science" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(
            "ConfigMap \"l\" is invalid: metadata.labels: Invalid value: \"data science\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_data_value_of_the_wrong_type_is_a_decoding_bad_request()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, JsonNode.Parse("""{"metadata":{"name":"n"},"data":{"k":5}}""")!);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_fields_are_dropped_or_refused_with_strict_field_validation()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var body = JsonNode.Parse("""{"metadata":{"name":"u"},"dta":{"k":"v"}}""")!;

        var strict = await client.ApiPostAsync($"{ConfigMaps}?fieldValidation=Strict", body);
        var warned = await client.ApiPostAsync($"{ConfigMaps}?fieldValidation=Warn", body);

        Assert.Equal(HttpStatusCode.BadRequest, strict.Status);
        Assert.Equal("strict decoding error: unknown field \"dta\"", strict.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, warned.Status);
        Assert.Equal(["299 - \"unknown field \\\"dta\\\"\""], warned.Warnings);
        Assert.Null(warned.Json["dta"]);
    }

    [Fact]
    public async Task Delete_answers_a_success_status_with_the_uid()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "gone");

        var response = await client.ApiDeleteAsync($"{ConfigMaps}/gone");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var uid = created["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal($$$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"gone","kind":"configmaps","uid":"{{{uid}}}"}}""", response.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{ConfigMaps}/gone")).Status);
    }

    [Fact]
    public async Task Delete_with_a_stale_resource_version_precondition_conflicts()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "kept");
        var version = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        await client.ApiPatchAsync($"{ConfigMaps}/kept", JsonNode.Parse("""{"data":{"k":"v"}}""")!);

        var response = await client.ApiDeleteAsync($"{ConfigMaps}/kept", JsonNode.Parse($$$"""{"preconditions":{"resourceVersion":"{{{version}}}"}}""")!);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal($"Operation cannot be fulfilled on configmaps \"kept\": Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {emulator.ResourceVersion}",
            response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Finalizers_hold_a_deleted_object_until_they_are_removed()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(ConfigMaps, JsonNode.Parse("""{"metadata":{"name":"held","finalizers":["example.com/keep"]}}""")!);

        var deleting = await client.ApiDeleteAsync($"{ConfigMaps}/held");
        var stillThere = await client.ApiGetAsync($"{ConfigMaps}/held");
        await client.ApiPatchAsync($"{ConfigMaps}/held", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);

        Assert.Equal(HttpStatusCode.OK, deleting.Status);
        Assert.NotNull(deleting.Json["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.OK, stillThere.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{ConfigMaps}/held")).Status);
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        foreach (var name in new[] { "c", "a", "b" })
        {
            await client.CreateConfigMapAsync("argo", name);
        }

        var first = (await client.ApiGetAsync($"{ConfigMaps}?limit=2")).Json;
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        var second = (await client.ApiGetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token)}")).Json;

        Assert.Equal(["a", "b"], Names(first));
        Assert.Equal(1, first["metadata"]!["remainingItemCount"]!.GetValue<int>());
        Assert.Equal(["c"], Names(second));
        Assert.Null(second["metadata"]!["continue"]);
    }

    [Fact]
    public async Task Listing_across_namespaces_and_by_field_selector()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "x");
        await client.CreateConfigMapAsync("team", "x");
        await client.CreateConfigMapAsync("team", "y");

        var all = (await client.ApiGetAsync("/api/v1/configmaps")).Json;
        var byName = (await client.ApiGetAsync("/api/v1/configmaps?fieldSelector=metadata.name%3Dx,metadata.namespace!%3Dargo")).Json;
        var unknown = await client.ApiGetAsync("/api/v1/configmaps?fieldSelector=data.k%3Dv");

        Assert.Equal(3, all["items"]!.AsArray().Count);
        Assert.Equal("team", Assert.Single(byName["items"]!.AsArray())!["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("\"data.k\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", unknown.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dry_run_create_validates_but_stores_nothing()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync($"{ConfigMaps}?dryRun=All", Objects.ConfigMap("dry"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Null(response.Json["metadata"]!["resourceVersion"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{ConfigMaps}/dry")).Status);
        Assert.Equal(0, emulator.ResourceVersion);
    }

    [Fact]
    public async Task Yaml_bodies_are_accepted()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.SendAsync(HttpMethod.Post, ConfigMaps, "metadata:\n  name: from-yaml\ndata:\n  count: \"3\"\n", "application/yaml");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("3", response.Json["data"]!["count"]!.GetValue<string>());
    }

    private static List<string> Names(JsonObject list) =>
        list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
}
