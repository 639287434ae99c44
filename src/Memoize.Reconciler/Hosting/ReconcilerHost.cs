using k8s;
using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.LeaderElection;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Cache;
using Memoize.Reconciler.Controllers;
using Memoize.Reconciler.GarbageCollection;
using Memoize.Reconciler.Leadership;
using Memoize.Reconciler.Observability;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Hosting;

/// <summary>
/// The whole reconciler in one process: informers (on every replica, so a standby takes over warm), leader election,
/// and, on the leader only, the workflow workers and garbage collection; plus the metrics and health endpoint.
/// </summary>
public sealed partial class ReconcilerHost : IAsyncDisposable
{
    /// <summary>The name Events are signed with.</summary>
    public const string ReportingController = "memoize.argoproj.io/reconciler";

    private readonly ReconcilerOptions _options;
    private readonly KubernetesApiClient _api;
    private readonly LeaderElectedWork _leadership;
    private readonly WorkflowController _controller;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private MetricsEndpoint? _endpoint;
    private Task _running = Task.CompletedTask;

    private ReconcilerHost(ReconcilerOptions options, KubernetesApiClient api, TimeProvider time, ILoggerFactory loggers, InformerOptions? informerOptions)
    {
        _options = options;
        _api = api;
        _logger = loggers.CreateLogger("memoize.reconciler");
        Identity = options.Identity ?? DefaultIdentity();
        Metrics = new ReconcilerMetrics();
        Metrics.SetSizeBudget(options.SizeBudgetBytes);
        Resources = new WatchedResources(api, options, informerOptions);
        foreach (var informer in Resources.ArgoInformers)
        {
            var what = $"{informer.Type.Plural} in {informer.Namespace ?? "all namespaces"}";
            informer.ErrorOccurred += ex => LogInformerError(what, ex.Message);
        }
        foreach (var informer in Resources.CacheConfigMaps)
        {
            var what = $"{informer.Plural} in {informer.Namespace ?? "all namespaces"}";
            informer.ErrorOccurred += ex => LogInformerError(what, ex.Message);
            informer.AddHandler(TrackCacheConfigMapAsync);
        }

        var events = new EventReporter(new EventRecorder(api, ReportingController, Identity, time), loggers.CreateLogger("memoize.events"));
        CacheStore = new ConfigMapCacheStore(new ConfigMapClient(api), Resources.CacheConfigMap, new CacheBudget(options.SizeBudgetBytes), time, Metrics, events,
            loggers.CreateLogger("memoize.cache"));
        GarbageCollection = new CacheGarbageCollection(Resources, CacheStore, options, time, Metrics, events, loggers.CreateLogger("memoize.gc"));
        CacheStore.CacheMaxAge = (ns, name) => GarbageCollection.Retention.For(ns, name);
        var reconciler = new WorkflowReconciler(Resources, new ArgoResourceClient(api, ResourceType.Workflows), new ConfigMapClient(api), CacheStore, options, time, Metrics, events,
            loggers.CreateLogger("memoize.workflows"));
        _controller = new WorkflowController(Resources, reconciler, time, Metrics, loggers.CreateLogger("memoize.controller"));

        var elector = new LeaderElector(new LeaseClient(api), new LeaderElectionOptions
        {
            LeaseNamespace = options.EffectiveLeaseNamespace,
            LeaseName = options.LeaseName,
            Identity = Identity,
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.LeaseRenewDeadline,
            RenewPeriod = options.LeaseRetryPeriod,
            RetryPeriod = options.LeaseRetryPeriod,
            Clock = time,
        });
        _leadership = new LeaderElectedWork(elector, async leadership =>
        {
            await Resources.Synced.WaitAsync(leadership).ConfigureAwait(false);
            GarbageCollection.RefreshRetention();
            var work = new List<Task> { _controller.RunWorkersAsync(options.Workers, options.ResyncPeriod, leadership) };
            if (options.GarbageCollection)
            {
                work.Add(GarbageCollection.RunAsync(leadership));
            }
            await Task.WhenAll(work).ConfigureAwait(false);
        }, Metrics, loggers.CreateLogger("memoize.leader"));
    }

    /// <summary>This replica's name in the Lease and on Events.</summary>
    public string Identity { get; }

    /// <summary>The metrics this host exports.</summary>
    public ReconcilerMetrics Metrics { get; }

    /// <summary>The informers.</summary>
    public WatchedResources Resources { get; }

    /// <summary>The coalescing cache writer.</summary>
    public ConfigMapCacheStore CacheStore { get; }

    /// <summary>The garbage collector (runs periodically on the leader; a test may run a pass directly).</summary>
    public CacheGarbageCollection GarbageCollection { get; }

    /// <summary>True while this replica leads.</summary>
    public bool IsLeader => _leadership.IsLeader;

    /// <summary>Where /metrics, /healthz and /readyz are served, once started.</summary>
    public Uri? MetricsAddress => _endpoint?.Address;

    /// <summary>Workflow keys waiting.</summary>
    public int QueueDepth => _controller.QueueDepth;

    /// <summary>Builds a host for <paramref name="connection"/>; nothing runs until <see cref="StartAsync"/>.</summary>
    public static ReconcilerHost Create(ReconcilerOptions options, ClusterConnection connection, ILoggerFactory loggers, TimeProvider? time = null,
        RetryPolicy? retryPolicy = null, InformerOptions? informerOptions = null)
    {
        var api = new KubernetesApiClient(connection, retryPolicy);
        return new ReconcilerHost(options, api, time ?? TimeProvider.System, loggers, informerOptions);
    }

    /// <summary>Starts the metrics endpoint, the informers and leader election; returns once they run.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _endpoint = await MetricsEndpoint.StartAsync(_options.MetricsAddress, Metrics, () => Resources.IsSynced, cancellationToken).ConfigureAwait(false);
        var token = _stopping.Token;
        var informers = Resources.RunAsync(token);
        var leadership = _leadership.RunAsync(token);
        _running = Task.WhenAll(informers, leadership);
        LogStarted(Identity, _endpoint.Address.ToString(), _options.Namespaces.Count == 0 ? "all namespaces" : string.Join(",", _options.Namespaces));
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then stops gracefully (the Lease is released).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellationToken), _running).ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops everything: workers and GC end, the Lease is released, informers stop.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
            _endpoint = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _controller.Dispose();
        _api.Dispose();
        _stopping.Dispose();
        Metrics.Dispose();
    }

    private static string DefaultIdentity()
    {
        var name = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
        return $"{name}_{Guid.NewGuid().ToString("N")[..8]}";
    }

    private Task TrackCacheConfigMapAsync(ResourceEvent<V1ConfigMap> change, CancellationToken cancellationToken)
    {
        var configMap = change.Object;
        if (change.Type == ResourceEventType.Deleted)
        {
            Metrics.RemoveConfigMap(configMap.Namespace(), configMap.Name());
            CacheStore.Forget(configMap.Namespace(), configMap.Name());
        }
        else
        {
            // binaryData is counted as the API server stores it: base64.
            var binaryData = configMap.BinaryData?.ToDictionary(p => p.Key, p => Convert.ToBase64String(p.Value ?? []));
            Metrics.SetConfigMapBytes(configMap.Namespace(), configMap.Name(), CacheBudget.SizeOf(configMap.Data?.ToDictionary(), binaryData));
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "memoize reconciler {Identity} started: metrics on {Metrics}, watching {Namespaces}")]
    private partial void LogStarted(string identity, string metrics, string namespaces);

    [LoggerMessage(Level = LogLevel.Warning, Message = "informer for {What}: {Error}")]
    private partial void LogInformerError(string what, string error);
}
