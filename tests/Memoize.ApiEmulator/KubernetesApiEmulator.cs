using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Admission;
using Memoize.ApiEmulator.Audit;
using Memoize.ApiEmulator.Authentication;
using Memoize.ApiEmulator.Authorization;
using Memoize.ApiEmulator.Faults;
using Memoize.ApiEmulator.Http;
using Memoize.ApiEmulator.Metering;
using Memoize.ApiEmulator.Registry;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Storage;
using Memoize.ApiEmulator.Tls;
using Memoize.ApiEmulator.Wire;
using Memoize.ApiEmulator.Yaml;
using Memoize.Testing.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.ApiEmulator;

/// <summary>
/// A test-only Kubernetes API server, in process, on 127.0.0.1 over TLS: ConfigMaps, Events, Leases, Argo's four
/// kinds, webhook configurations and access reviews, with kube-apiserver's wire formats, resourceVersion semantics,
/// validation, watches and dynamic admission. Start one per test (or per test class) and dispose it.
/// </summary>
public sealed class KubernetesApiEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ObjectStore store;
    private readonly NamespaceLabels namespaces;
    private readonly UserDirectory users;
    private readonly TestCertificateAuthority authority;
    private readonly CancellationTokenSource shutdown;
    private readonly Timer? bookmarkTimer;
    private readonly ResourceRegistry registry;

    private KubernetesApiEmulator(WebApplication app, ResourceRegistry registry, ObjectStore store, NamespaceLabels namespaces, UserDirectory users, EmulatorUser admin,
        TestCertificateAuthority authority, AuthorizationRules authorization, AdmissionWebhooks admission, FaultInjection faults, WriteRecord writes,
        CancellationTokenSource shutdown, TimeSpan? bookmarkInterval, RequestCounter requests)
    {
        Writes = writes;
        Requests = requests;
        this.app = app;
        this.registry = registry;
        this.store = store;
        this.namespaces = namespaces;
        this.users = users;
        this.authority = authority;
        this.shutdown = shutdown;
        Admin = admin;
        Authorization = authorization;
        Admission = admission;
        Faults = faults;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        if (bookmarkInterval is { } interval && interval > TimeSpan.Zero)
        {
            bookmarkTimer = new Timer(_ => store.SendBookmarks(), null, interval, interval);
        }
    }

    /// <summary>The server URL, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The PEM of the CA that signed the serving certificate (trust it, or use <see cref="CreateHttpClient"/>).</summary>
    public string CaCertificatePem => authority.CertificatePem;

    /// <summary>The certificate authority, to issue certificates for webhook servers a test starts.</summary>
    public TestCertificateAuthority CertificateAuthority => authority;

    /// <summary>A bearer token for the cluster-admin user (<c>admin</c>, groups system:masters and system:authenticated).</summary>
    public string BearerToken => Admin.Token;

    /// <summary>The cluster-admin user.</summary>
    public EmulatorUser Admin { get; }

    /// <summary>The rules that answer SubjectAccessReviews and gate requests of users added with <see cref="AddUser"/>.</summary>
    public AuthorizationRules Authorization { get; }

    /// <summary>Dynamic admission: webhook configurations, service mapping, and the calls made.</summary>
    public AdmissionWebhooks Admission { get; }

    /// <summary>Fault switches: latency, failing answers, forced conflicts, dropped watches, compaction.</summary>
    public FaultInjection Faults { get; }

    /// <summary>Every create, update, patch and delete stored so far, with who sent it, in resourceVersion order.</summary>
    public WriteRecord Writes { get; }

    /// <summary>Every request answered, by verb, resource and status (benchmarks count API cost with it).</summary>
    public RequestCounter Requests { get; }

    /// <summary>The latest resourceVersion (of the last write, any kind).</summary>
    public long ResourceVersion => store.Revision;

    /// <summary>How many watch streams are open now (lets a test wait until its client is watching).</summary>
    public int OpenWatchCount => store.OpenWatchCount;

    /// <summary>Starts an emulator on 127.0.0.1 with a fresh CA and serving certificate.</summary>
    public static async Task<KubernetesApiEmulator> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        var authority = TestCertificateAuthority.Create("memoize api emulator CA");
        var serving = authority.IssueServerCertificate("127.0.0.1", "localhost");
        var store = new ObjectStore(options.WatchHistoryLimit);
        var namespaces = new NamespaceLabels();
        var users = new UserDirectory();
        var admin = users.Add(options.AdminUsername, ["system:masters", "system:authenticated"]);
        var authorization = new AuthorizationRules();
        var faults = new FaultInjection(store);
        var admission = new AdmissionWebhooks(store, namespaces);
        var writes = new WriteRecord(options.Clock);
        var registry = new ResourceRegistry(store, admission, faults, options.Clock, writes);
        admission.Apply = (type, body) => registry.ApplyAsync(type, body, "default", new RequestContext(admin));
        var shutdown = new CancellationTokenSource();
        var endpoint = new ApiEndpoint(registry, users, authorization, faults, namespaces, shutdown.Token);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serving));
        });
        var app = builder.Build();
        var requests = new RequestCounter();
        app.Use(requests.CountAsync);
        app.Run(endpoint.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return new KubernetesApiEmulator(app, registry, store, namespaces, users, admin, authority, authorization, admission, faults, writes, shutdown, options.BookmarkInterval, requests);
    }

    /// <summary>
    /// Adds a user and returns it with its bearer token. Its requests are allowed only by <see cref="Authorization"/>
    /// rules (or membership of system:masters), like a service account under RBAC.
    /// </summary>
    public EmulatorUser AddUser(string username, params string[] groups) =>
        users.Add(username, groups.Contains("system:authenticated") ? groups : [.. groups, "system:authenticated"]);

    /// <summary>Adds the user of a service account (<c>system:serviceaccount:ns:name</c>, with its groups).</summary>
    public EmulatorUser AddServiceAccount(string @namespace, string name) =>
        users.Add($"system:serviceaccount:{@namespace}:{name}",
            ["system:serviceaccounts", $"system:serviceaccounts:{@namespace}", "system:authenticated"]);

    /// <summary>
    /// Creates or replaces, as cluster-admin and through admission like <c>kubectl apply</c>, every object in
    /// <paramref name="yaml"/> whose kind the emulator serves (other kinds are skipped); objects without a namespace go
    /// to <paramref name="namespace"/>. Returns them as <c>resource/name</c> (generated names included).
    /// Throws <see cref="FormatException"/> for broken YAML and <see cref="InvalidOperationException"/> with the API
    /// server's message when an object is refused.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyYamlAsync(string yaml, string @namespace = "default")
    {
        var applied = new List<string>();
        foreach (var document in YamlDocuments.Read(yaml).OfType<JsonObject>())
        {
            var type = ResourceCatalog.FindByKind(WireJson.GetString(document, "apiVersion") ?? "", WireJson.GetString(document, "kind") ?? "");
            if (type is null || !type.IsStored)
            {
                continue;
            }
            try
            {
                var stored = await registry.ApplyAsync(type, document, @namespace, new RequestContext(Admin)).ConfigureAwait(false);
                applied.Add($"{type.Plural}/{WireJson.GetString(WireJson.GetObject(stored, "metadata"), "name")}");
            }
            catch (ApiError ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }
        }
        return applied;
    }

    /// <summary>Sets the labels of a namespace (namespaces are implicit; <c>kubernetes.io/metadata.name</c> is always present).</summary>
    public void SetNamespaceLabels(string @namespace, IReadOnlyDictionary<string, string> labels) => namespaces.Set(@namespace, labels);

    /// <summary>
    /// An HttpClient for the emulator: trusts only its CA, sends the admin token (or <paramref name="token"/>),
    /// with <see cref="HttpClient.BaseAddress"/> set.
    /// </summary>
    public HttpClient CreateHttpClient(string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = CertificateTrust.TrustOnly(CaCertificatePem) },
            UseProxy = false,
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? BearerToken);
        return client;
    }

    /// <summary>The kubeconfig YAML for this emulator (admin token unless <paramref name="token"/> is given).</summary>
    public string KubeconfigYaml(string @namespace = "default", string? token = null) =>
        KubeconfigFile.Render(BaseAddress, CaCertificatePem, token ?? BearerToken, @namespace);

    /// <summary>Writes <see cref="KubeconfigYaml"/> to <paramref name="path"/>, so a real client connects as to a cluster.</summary>
    public void WriteKubeconfig(string path, string @namespace = "default", string? token = null) =>
        File.WriteAllText(path, KubeconfigYaml(@namespace, token));

    /// <summary>Drops the watch history (an etcd compaction): open watches and watches from older versions get 410 Expired.</summary>
    public void Compact() => store.Compact();

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every open watch that allowed bookmarks.</summary>
    public void SendBookmarks() => store.SendBookmarks();

    /// <summary>Stops the server, ending open watches.</summary>
    public async ValueTask DisposeAsync()
    {
        if (bookmarkTimer is not null)
        {
            await bookmarkTimer.DisposeAsync().ConfigureAwait(false);
        }
        await shutdown.CancelAsync().ConfigureAwait(false);
        store.DropWatches(abort: false);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        await app.DisposeAsync().ConfigureAwait(false);
        shutdown.Dispose();
        authority.Dispose();
    }
}
