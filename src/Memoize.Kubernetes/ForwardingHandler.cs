namespace Memoize.Kubernetes;

/// <summary>
/// The end of the package's pipeline when requests go to a given handler instead of the network (tests, in-memory
/// servers): the package accepts only <see cref="DelegatingHandler"/>s, so this one sends on to the given handler.
/// </summary>
internal sealed class ForwardingHandler(HttpMessageHandler target) : DelegatingHandler
{
    private readonly HttpMessageInvoker invoker = new(target, disposeHandler: true);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);

        // The package reads the request from the response, as the network handler always sets it.
        response.RequestMessage ??= request;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
