using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Core.Cache;

namespace Memoize.Cli.Tests.Support;

/// <summary>
/// An API emulator with a kubeconfig for it (context namespace <c>argo</c>) and helpers to seed and read ConfigMaps,
/// and to run the memoize command line against it at <see cref="SeededCaches.Now"/>.
/// </summary>
public sealed class EmulatedCluster : IAsyncDisposable
{
    private readonly TempDirectory temp = new();

    private EmulatedCluster(KubernetesApiEmulator emulator)
    {
        Emulator = emulator;
        Kubeconfig = Path.Combine(temp.Path, "kubeconfig");
        emulator.WriteKubeconfig(Kubeconfig, "argo");
    }

    /// <summary>The emulator.</summary>
    public KubernetesApiEmulator Emulator { get; }

    /// <summary>A kubeconfig whose context points at the emulator with namespace argo, as the admin.</summary>
    public string Kubeconfig { get; }

    /// <summary>A scratch directory, deleted with the cluster.</summary>
    public TempDirectory Temp => temp;

    /// <summary>Starts an emulator.</summary>
    public static async Task<EmulatedCluster> StartAsync() => new(await KubernetesApiEmulator.StartAsync());

    /// <summary>Creates a ConfigMap labelled as a cache.</summary>
    public Task<JsonObject> CreateCacheAsync(string @namespace, string name, IReadOnlyDictionary<string, string> data) =>
        CreateConfigMapAsync(@namespace, name, new Dictionary<string, string> { [CacheLabel.Key] = CacheLabel.CacheValue }, data);

    /// <summary>Creates a ConfigMap with the given labels (none when null) and data.</summary>
    public async Task<JsonObject> CreateConfigMapAsync(string @namespace, string name, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string> data)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = @namespace };
        if (labels is not null)
        {
            metadata["labels"] = ToJson(labels);
        }

        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = ToJson(data) };
        using var http = Emulator.CreateHttpClient();
        using var response = await http.PostAsJsonAsync($"api/v1/namespaces/{@namespace}/configmaps", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"creating ConfigMap {@namespace}/{name} failed: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads a ConfigMap as stored.</summary>
    public async Task<JsonObject> GetConfigMapAsync(string @namespace, string name)
    {
        using var http = Emulator.CreateHttpClient();
        var text = await http.GetStringAsync($"api/v1/namespaces/{@namespace}/configmaps/{name}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A ConfigMap's data as stored, key to value.</summary>
    public async Task<Dictionary<string, string>> GetDataAsync(string @namespace, string name)
    {
        var configMap = await GetConfigMapAsync(@namespace, name);
        return configMap["data"] is JsonObject data
            ? data.ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>())
            : [];
    }

    /// <summary>Runs <c>memoize ARGS --kubeconfig KUBECONFIG</c> in-process at <see cref="SeededCaches.Now"/>, without colour.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(false, args);

    /// <summary>Runs <c>memoize ARGS --kubeconfig KUBECONFIG</c> in-process at <see cref="SeededCaches.Now"/>.</summary>
    public Task<CliResult> RunAsync(bool colour, params string[] args) =>
        CacheCli.RunAsync(colour, [.. args, "--kubeconfig", Kubeconfig]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        temp.Dispose();
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }
}
