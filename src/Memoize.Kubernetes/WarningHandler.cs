namespace Memoize.Kubernetes;

/// <summary>
/// Sits in the KubernetesClient package's HTTP pipeline and hands every answer's code-299 <c>Warning</c> headers to
/// <paramref name="raise"/>, successful and refused answers alike (the package drops them).
/// </summary>
internal sealed class WarningHandler(Action<ApiWarning> raise) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.NonValidated.TryGetValues("Warning", out var values))
        {
            var call = $"{request.Method} {request.RequestUri?.PathAndQuery}";
            foreach (var value in values)
            {
                foreach (var text in WarningHeader.Parse(value))
                {
                    raise(new ApiWarning(text, call));
                }
            }
        }

        return response;
    }
}
