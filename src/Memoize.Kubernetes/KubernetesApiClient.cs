using System.Runtime.CompilerServices;
using k8s;
using k8s.Exceptions;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes;

/// <summary>
/// One connection to an API server through the official KubernetesClient package (<see cref="k8s.Kubernetes"/>): its
/// pipeline retries by the <see cref="RetryPolicy"/>, bounds each request by <see cref="RequestTimeout"/> and raises
/// <see cref="WarningReceived"/>; every failure becomes a typed <see cref="KubernetesApiException"/>. The resource clients
/// (<c>ConfigMapClient</c>, <c>ArgoResourceClient</c>, <c>LeaseClient</c>, ...) make their calls through it.
/// </summary>
public sealed class KubernetesApiClient : IDisposable
{
    private readonly string server;

    /// <summary>
    /// A client for <paramref name="connection"/>: credentials and calls are the package's; the connection itself goes through
    /// <see cref="ClusterConnection.CreateHandler"/>, because the package's own certificate check accepts a server certificate
    /// for another host name whenever a CA is configured (it looks only at the chain).
    /// </summary>
    public KubernetesApiClient(ClusterConnection connection, RetryPolicy? retryPolicy = null)
        : this(connection, (connection ?? throw new ArgumentNullException(nameof(connection))).CreateHandler(), retryPolicy)
    {
    }

    /// <summary>A client that sends through <paramref name="handler"/> (tests, in-memory servers); TLS is then the handler's business.</summary>
    public KubernetesApiClient(ClusterConnection connection, HttpMessageHandler handler, RetryPolicy? retryPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        Connection = connection;
        RetryPolicy = retryPolicy ?? RetryPolicy.Default;
        server = connection.Server.AbsoluteUri.TrimEnd('/');
        DelegatingHandler[] pipeline = [new RetryHandler(RetryPolicy, () => RequestTimeout, server), new WarningHandler(RaiseWarning), new ForwardingHandler(handler)];
        Package = new k8s.Kubernetes(connection.ClientConfiguration, pipeline)
        {
            // Our RetryHandler bounds each request; the package's own timeout would also cut watch streams.
            HttpClientTimeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The connection this client talks through.</summary>
    public ClusterConnection Connection { get; }

    /// <summary>The namespace of the connection (context namespace or the pod's).</summary>
    public string DefaultNamespace => Connection.Namespace;

    /// <summary>The retry rules in force.</summary>
    public RetryPolicy RetryPolicy { get; }

    /// <summary>How long one request may take before it counts as unanswered (for a watch: until its stream starts).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The package's client, for the resource clients' calls.</summary>
    internal IKubernetes Package { get; }

    /// <summary>
    /// Raised for each warning the server sends with an answer, successful or not (admission webhook warnings,
    /// deprecations), in the order received, before the call returns or throws. A handler that throws is ignored.
    /// </summary>
    public event Action<ApiWarning>? WarningReceived;

    /// <inheritdoc/>
    public void Dispose() => Package.Dispose();

    /// <summary>Makes one package call; its failure is thrown as the typed exception.</summary>
    /// <param name="request">The call in words for messages, e.g. <c>GET configmaps argo/cache</c>.</param>
    /// <param name="call">The package call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    internal async Task<T> CallAsync<T>(string request, Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(Package, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubernetesApiException.FromPackage(ex, server, request) is { } typed && typed != ex)
        {
            throw typed;
        }
        catch (KubeConfigException ex)
        {
            throw PluginFailed(ex);
        }
    }

    /// <summary>
    /// Streams a watch started by <paramref name="start"/>: yields its events in order and ends when the server closes it
    /// (or when it is still open after <paramref name="silenceLimit"/>, the watch's timeoutSeconds plus a margin: a dead
    /// connection is never closed by the server). An ERROR event is
    /// thrown as its typed exception (<see cref="ExpiredException"/> for 410: list again).
    /// </summary>
    internal async IAsyncEnumerable<(k8s.WatchEventType Type, T Object)> WatchAsync<T, TList>(
        string request,
        Func<IKubernetes, CancellationToken, Task<k8s.Autorest.HttpOperationResponse<TList>>> start,
        TimeSpan? silenceLimit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (silenceLimit is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        Exception? streamError = null;
#pragma warning disable CS0618 // WatchAsync is marked for a future replacement that 21.0.8 does not ship yet; it is the package's watch reader.
        var events = start(Package, deadline.Token).WatchAsync<T, TList>(error => streamError ??= error, deadline.Token);
#pragma warning restore CS0618
        await using var enumerator = events.GetAsyncEnumerator(deadline.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The limit passed without the server closing the watch: end as if the server had closed the watch; the caller watches again.
                yield break;
            }
            catch (Exception ex) when (KubernetesApiException.FromPackage(ex, server, request) is { } typed)
            {
                throw typed == ex ? typed : Cut(typed, request);
            }
            catch (KubeConfigException ex)
            {
                throw PluginFailed(ex);
            }

            // The package hands ERROR events and unreadable lines to the error callback instead of yielding them.
            if (streamError is KubernetesException)
            {
                throw KubernetesApiException.FromPackage(streamError, server, request)!;
            }

            if (streamError is not null)
            {
                throw new KubernetesApiException(
                    new KubernetesStatus(500, "InternalError", $"the watch {request} sent a line that is not a watch event ({{\"type\":...,\"object\":{{...}}}}): {streamError.Message}", null, null, [], null),
                    System.Net.HttpStatusCode.OK,
                    streamError);
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    // A stream that broke after it started is not "cannot reach": say the watch was cut off.
    private KubernetesApiException Cut(KubernetesApiException error, string request) =>
        error is ServerUnreachableException && error.InnerException is IOException io
            ? new ServerUnreachableException($"the watch {request} on the Kubernetes API server {server} was cut off: {KubernetesApiException.Describe(io)}", io)
            : error;

    // The package runs an exec credential plugin again when its token expires; its failure is one line naming the source.
    private CredentialPluginException PluginFailed(KubeConfigException error)
    {
        var first = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return new CredentialPluginException($"{Connection.Source}: the credential plugin failed to renew the token: {first}", error);
    }

    private void RaiseWarning(ApiWarning warning)
    {
        try
        {
            WarningReceived?.Invoke(warning);
        }
        catch (Exception)
        {
            // A warning is advisory: a broken listener must not fail the call it came with.
        }
    }
}
