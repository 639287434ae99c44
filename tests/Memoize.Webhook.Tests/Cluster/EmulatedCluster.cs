using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes.Informers;
using Memoize.Webhook.Cluster;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>
/// The API emulator as the cluster, and the real webhook wired to it exactly as Program does (a kubeconfig written by the
/// emulator, <see cref="ClusterChoice"/>, <see cref="WebhookCluster"/>), registered with the emulator through the
/// project's own webhook configurations so that creating objects in the emulator calls it like kube-apiserver would.
/// </summary>
public sealed class EmulatedCluster : IAsyncDisposable
{
    /// <summary>Fast informer retries: a test waits for recovery, never for the production backoff.</summary>
    public static readonly InformerOptions QuickInformers = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    private readonly string _directory;

    private EmulatedCluster(KubernetesApiEmulator emulator, string directory)
    {
        Emulator = emulator;
        _directory = directory;
        Client = emulator.CreateHttpClient();
    }

    public KubernetesApiEmulator Emulator { get; }

    /// <summary>A cluster-admin client, like kubectl.</summary>
    public HttpClient Client { get; }

    public WebhookCluster Cluster { get; private set; } = null!;

    public WebhookServer Webhook { get; private set; } = null!;

    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    /// <summary>
    /// Starts both; the webhook connects with <paramref name="webhookToken"/> (cluster-admin when null) and keeps log
    /// lines from <paramref name="minimumLevel"/> up.
    /// </summary>
    public static async Task<EmulatedCluster> StartAsync(Func<KubernetesApiEmulator, string?>? webhookToken = null, LogLevel minimumLevel = LogLevel.Information)
    {
        var emulator = await KubernetesApiEmulator.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "memoize-wiring-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var cluster = new EmulatedCluster(emulator, directory);
        emulator.AddServiceAccount("argo", "argo");
        emulator.WriteKubeconfig(cluster.KubeconfigPath, "memoize-system", webhookToken?.Invoke(emulator));

        var options = new WebhookOptions { Kubeconfig = cluster.KubeconfigPath };
        var choice = ClusterChoice.For(options, () => throw new InvalidOperationException("an explicit --kubeconfig must not fall back to detection"));
        cluster.Cluster = WebhookCluster.Connect(choice.Connection!, options, QuickInformers);
        cluster.Webhook = await WebhookServer.StartWithAsync(options, cluster.Cluster.Dependencies, minimumLevel);

        var manifests = Path.Combine(RenderedManifests.RepositoryRoot, "manifests", "base");
        var yaml = File.ReadAllText(Path.Combine(manifests, "validatingwebhookconfiguration.yaml")) + "\n---\n" + File.ReadAllText(Path.Combine(manifests, "mutatingwebhookconfiguration.yaml"));
        emulator.Admission.ApplyManifestYaml(yaml, cluster.Webhook.Certificates.Authority.ExportCertificatePem());
        emulator.Admission.MapService("memoize-system", "memoize-webhook", cluster.Webhook.AdmissionUri);
        return cluster;
    }

    /// <summary>Grants the Argo controller's service account <paramref name="verbs"/> on ConfigMaps in argo.</summary>
    public void GrantController(params string[] verbs)
    {
        foreach (var verb in verbs)
        {
            Emulator.Authorization.Allow("system:serviceaccount:argo:argo", verb, "configmaps", "argo", "");
        }
    }

    /// <summary>POSTs <paramref name="obj"/> as cluster-admin; the answer, and the Warning texts kubectl would print.</summary>
    public async Task<(JsonObject Stored, IReadOnlyList<string> Warnings)> CreateAsync(string collectionPath, JsonObject obj)
    {
        using var response = await Client.PostAsJsonAsync(collectionPath, obj);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {collectionPath} answered {(int)response.StatusCode}: {body}");
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.Select(WarningText).ToList() : [];
        return (JsonNode.Parse(body)!.AsObject(), warnings);
    }

    public async Task DeleteAsync(string objectPath)
    {
        using var response = await Client.DeleteAsync(objectPath);
        Assert.True(response.IsSuccessStatusCode, $"DELETE {objectPath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Webhook is not null)
        {
            await Webhook.DisposeAsync();
        }

        Cluster?.Dispose();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    // `299 - "text"` with \" and \\ escaped, as kube-apiserver writes it; kubectl prints the text.
    private static string WarningText(string header)
    {
        const string Prefix = "299 - \"";
        Assert.StartsWith(Prefix, header, StringComparison.Ordinal);
        Assert.EndsWith("\"", header, StringComparison.Ordinal);
        return header[Prefix.Length..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }
}
