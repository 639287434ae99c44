using k8s;
using k8s.Models;
using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Support;

/// <summary>
/// An API emulator, a client for the test's own reads and writes, and reconciler instances running in-process
/// against it through the real client (kubeconfig written by the emulator), as against a cluster.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>How long a test waits for a condition before failing.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Where Argo's controller runs and caches live by default.</summary>
    public const string ControllerNamespace = "argo";

    private readonly ITestOutputHelper _output;
    private readonly string _directory;
    private readonly List<ReconcilerHost> _hosts = [];
    private readonly List<TcpProxy> _proxies = [];
    private readonly List<ILoggerFactory> _loggers = [];
    private readonly string _reconcilerKubeconfigPath;

    private TestCluster(KubernetesApiEmulator emulator, ITestOutputHelper output, string directory)
    {
        Emulator = emulator;
        _output = output;
        _directory = directory;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        emulator.WriteKubeconfig(KubeconfigPath);
        ReconcilerUser = emulator.AddUser($"system:serviceaccount:{ControllerNamespace}:memoize-reconciler", "system:masters", "system:serviceaccounts");
        _reconcilerKubeconfigPath = Path.Combine(directory, "kubeconfig-reconciler");
        emulator.WriteKubeconfig(_reconcilerKubeconfigPath, token: ReconcilerUser.Token);
        Api = new KubernetesApiClient(KubeConfig.Load(KubeconfigPath).ToConnection(), RetryPolicy.None);
        ConfigMaps = new ConfigMapClient(Api);
        Workflows = new ArgoResourceClient(Api, ResourceType.Workflows);
    }

    /// <summary>The emulated API server.</summary>
    public KubernetesApiEmulator Emulator { get; }

    /// <summary>The kubeconfig of the test's own client (the emulator's admin).</summary>
    public string KubeconfigPath { get; }

    /// <summary>
    /// The user reconcilers started here connect as (allowed everything), so the emulator's write record tells
    /// their writes from the test's own.
    /// </summary>
    public Memoize.ApiEmulator.Authentication.EmulatorUser ReconcilerUser { get; }

    /// <summary>The test's own client (no retries: a fault injected for the reconciler must not be eaten here).</summary>
    public KubernetesApiClient Api { get; }

    /// <summary>ConfigMaps through the test's client.</summary>
    public ConfigMapClient ConfigMaps { get; }

    /// <summary>Workflows through the test's client.</summary>
    public ArgoResourceClient Workflows { get; }

    /// <summary>Starts an emulator.</summary>
    public static async Task<TestCluster> StartAsync(ITestOutputHelper output)
    {
        var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null });
        return new TestCluster(emulator, output, Directory.CreateTempSubdirectory("memoize-reconciler-").FullName);
    }

    /// <summary>Options for a test reconciler: ephemeral metrics port, short leases, fast retries, no GC unless asked.</summary>
    public static ReconcilerOptions TestOptions(string identity) => new()
    {
        ControllerNamespace = ControllerNamespace,
        MetricsAddress = new IPEndPoint(IPAddress.Loopback, 0),
        GarbageCollection = false,
        LeaseDuration = TimeSpan.FromSeconds(2),
        LeaseRenewDeadline = TimeSpan.FromSeconds(1.5),
        LeaseRetryPeriod = TimeSpan.FromMilliseconds(200),
        Identity = identity,
    };

    /// <summary>A connection to the emulator as <paramref name="user"/>, so the write record tells this replica's writes apart.</summary>
    public ClusterConnection ConnectionAs(Memoize.ApiEmulator.Authentication.EmulatorUser user)
    {
        var path = Path.Combine(_directory, $"kubeconfig-{user.Username.Replace(':', '-')}");
        Emulator.WriteKubeconfig(path, token: user.Token);
        return KubeConfig.Load(path).ToConnection();
    }

    /// <summary>A connection to the emulator through a proxy the test can cut (a replica that dies without releasing its Lease).</summary>
    public (ClusterConnection Connection, TcpProxy Proxy) ConnectionThroughProxy()
    {
        var proxy = new TcpProxy(Emulator.BaseAddress);
        _proxies.Add(proxy);
        var yaml = Emulator.KubeconfigYaml(token: ReconcilerUser.Token).Replace(Emulator.BaseAddress.ToString().TrimEnd('/'), proxy.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);
        var path = Path.Combine(_directory, $"kubeconfig-proxy-{_proxies.Count}");
        File.WriteAllText(path, yaml);
        return (KubeConfig.Load(path).ToConnection(), proxy);
    }

    /// <summary>
    /// Starts a reconciler; waits until its informers synced and, unless <paramref name="waitForLeadership"/> is false,
    /// it leads. <paramref name="captureLogs"/> gets every log line at every level.
    /// </summary>
    public async Task<ReconcilerHost> StartReconcilerAsync(
        ReconcilerOptions? options = null,
        TimeProvider? time = null,
        ClusterConnection? connection = null,
        bool waitForLeadership = true,
        ILoggerProvider? captureLogs = null)
    {
        options ??= TestOptions($"reconciler-{_hosts.Count}");
        var loggers = LoggerFactory.Create(logging =>
        {
            logging.AddProvider(new TestOutputLogger(_output, options.Identity ?? "reconciler"));
            if (captureLogs is not null)
            {
                logging.AddProvider(captureLogs).SetMinimumLevel(LogLevel.Trace); // every level any code uses
            }
        });
        _loggers.Add(loggers);
        var retries = RetryPolicy.Default with { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        var informers = new InformerOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        var host = ReconcilerHost.Create(options, connection ?? KubeConfig.Load(_reconcilerKubeconfigPath).ToConnection(), loggers, time, retries, informers);
        _hosts.Add(host);
        using var cancel = new CancellationTokenSource(Deadline);
        await host.StartAsync(cancel.Token);
        await Eventually(() => host.Resources.IsSynced && (!waitForLeadership || host.IsLeader), $"{host.Identity} to sync its informers and lead");
        return host;
    }

    /// <summary>Creates a ConfigMap.</summary>
    public Task<V1ConfigMap> CreateConfigMapAsync(string name, IReadOnlyDictionary<string, string> data, IReadOnlyDictionary<string, string>? labels = null,
        string @namespace = ControllerNamespace)
    {
        var configMap = ConfigMapClient.New(@namespace, name);
        configMap.Metadata.Labels = labels is null ? null : new Dictionary<string, string>(labels);
        configMap.Data = new Dictionary<string, string>(data);
        return ConfigMaps.CreateAsync(configMap);
    }

    /// <summary>Creates a cache ConfigMap (with the Cache label) and waits until the reconciler's informer has it.</summary>
    public async Task<V1ConfigMap> CreateCacheAsync(ReconcilerHost host, string name, IReadOnlyDictionary<string, string> data, string @namespace = ControllerNamespace)
    {
        var created = await CreateConfigMapAsync(name, data, new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = "Cache" }, @namespace);
        await Eventually(() => host.Resources.CacheConfigMap(@namespace, name)?.ResourceVersion() == created.ResourceVersion(), $"the informer to see ConfigMap {name}");
        return created;
    }

    /// <summary>Creates a Workflow.</summary>
    public Task<JsonObject> CreateWorkflowAsync(JsonObject workflow) => Workflows.CreateAsync(workflow);

    /// <summary>Reads a Workflow's node.</summary>
    public async Task<JsonObject> NodeAsync(string @namespace, string workflow, string nodeId)
    {
        var stored = await Workflows.GetAsync(@namespace, workflow);
        return (JsonObject)(stored["status"]!["nodes"]![nodeId]!);
    }

    /// <summary>Waits until the Workflow's node has a memoizationStatus, and returns the node.</summary>
    public async Task<JsonObject> MarkedNodeAsync(string @namespace, string workflow, string nodeId)
    {
        JsonObject? node = null;
        await Eventually(async () =>
        {
            node = await NodeAsync(@namespace, workflow, nodeId);
            return node["memoizationStatus"] is not null;
        }, $"node {nodeId} of Workflow {@namespace}/{workflow} to get a memoizationStatus");
        return node!;
    }

    /// <summary>Waits until the ConfigMap's data has <paramref name="key"/>, and returns the value.</summary>
    public async Task<string> EntryAsync(string name, string key, string @namespace = ControllerNamespace)
    {
        string? value = null;
        await Eventually(async () =>
        {
            var configMap = await ConfigMaps.TryGetAsync(@namespace, name);
            return configMap?.Data is not null && configMap.Data.TryGetValue(key, out value);
        }, $"ConfigMap {@namespace}/{name} to hold key {key}");
        return value!;
    }

    /// <summary>Events recorded about an object, as (reason, note).</summary>
    public async Task<IReadOnlyList<(string Reason, string Note)>> EventsAboutAsync(string @namespace, string name)
    {
        // Read with the package directly: the project's client records Events but never lists them.
        using var kubernetes = new k8s.Kubernetes(Api.Connection.ClientConfiguration);
        var list = await kubernetes.EventsV1.ListNamespacedEventAsync(@namespace);
        return list.Items
            .Where(e => e.Regarding?.Name == name)
            .Select(e => (e.Reason, e.Note ?? ""))
            .ToList();
    }

    /// <summary>Waits until an Event with <paramref name="reason"/> is recorded about the object, and returns its note.</summary>
    public async Task<string> EventAsync(string @namespace, string name, string reason)
    {
        string? note = null;
        await Eventually(async () =>
        {
            note = (await EventsAboutAsync(@namespace, name)).Where(e => e.Reason == reason).Select(e => e.Note).FirstOrDefault();
            return note is not null;
        }, $"a {reason} Event about {@namespace}/{name}");
        return note!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test clearly after <see cref="Deadline"/>.</summary>
    public static Task Eventually(Func<bool> condition, string what) => Eventually(() => Task.FromResult(condition()), what);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test clearly after <see cref="Deadline"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        Exception? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                last = ex;
            }
            await Task.Delay(20); // polling interval, bounded by the deadline
        }
        Assert.Fail($"timed out after {(deadline ?? Deadline).TotalSeconds:0} s waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }
        foreach (var loggers in _loggers)
        {
            loggers.Dispose();
        }
        Api.Dispose();
        await Emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
