using System.Net;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes;

/// <summary>
/// Sits in the KubernetesClient package's HTTP pipeline and repeats what <see cref="RetryPolicy"/> allows (throttled calls
/// of any verb after their Retry-After; reads on 5xx and when no answer came), bounds each attempt by the request timeout
/// (a watch only until its answer starts), and turns "no answer" into <see cref="ServerUnreachableException"/> naming the server.
/// Here rather than around each call because only the pipeline sees the answer's status and headers before the package throws.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy, Func<TimeSpan> requestTimeout, string server) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var watch = request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true;
        for (var attempt = 1; ; attempt++)
        {
            var (response, failure) = await SendOnceAsync(request, watch, cancellationToken).ConfigureAwait(false);
            var wait = policy.DelayBeforeRetry(attempt, request.Method, response?.StatusCode, response is null ? null : KubernetesApiException.RetryAfterOf(response.Headers));
            if (response is { IsSuccessStatusCode: true } || wait is null)
            {
                return response ?? throw failure!;
            }

            response?.Dispose();
            await policy.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(HttpResponseMessage? Response, ServerUnreachableException? Failure)> SendOnceAsync(
        HttpRequestMessage request,
        bool watch,
        CancellationToken cancellationToken)
    {
        var timeout = requestTimeout();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!watch)
            {
                // Read the whole answer under the timeout too; a watch stream legitimately stays open for minutes.
                await response.Content.LoadIntoBufferAsync(deadline.Token).ConfigureAwait(false);
            }

            return (response, null);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ServerUnreachableException($"the Kubernetes API server {server} did not answer {Describe(request)} within {timeout.TotalSeconds:0.#} s", ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (null, new ServerUnreachableException($"cannot reach the Kubernetes API server {server} ({Describe(request)}): {KubernetesApiException.Describe(ex)}", ex));
        }
        finally
        {
            deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.PathAndQuery}";
}
