using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tls;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Admission;

/// <summary>
/// Calls one admission webhook the way kube-apiserver does: POST of an AdmissionReview over HTTPS with
/// <c>?timeout=Ns</c>, its headers, the webhook's caBundle as the only trusted roots (the system roots when there is
/// none), the service DNS name checked for service references, and its timeout. Errors read like kube-apiserver's.
/// </summary>
internal sealed class WebhookClient
{
    private readonly Func<string, string, int, Uri?> resolveService;

    /// <summary>Creates a client resolving <c>clientConfig.service</c> (namespace, name, port) with <paramref name="resolveService"/>.</summary>
    public WebhookClient(Func<string, string, int, Uri?> resolveService)
    {
        this.resolveService = resolveService;
    }

    /// <summary>Sends <paramref name="reviewJson"/> to <paramref name="webhook"/> and verifies the answer.</summary>
    public async Task<WebhookCallResult> CallAsync(string configuration, JsonObject webhook, bool mutating, string uid, string reviewJson, CancellationToken cancellationToken)
    {
        var name = WireJson.GetString(webhook, "name") ?? "";
        var timeoutSeconds = webhook["timeoutSeconds"] is JsonValue t && t.TryGetValue<int>(out var s) ? s : 10;
        var query = $"?timeout={timeoutSeconds.ToString(CultureInfo.InvariantCulture)}s";
        var clientConfig = WireJson.GetObject(webhook, "clientConfig") ?? [];

        Uri target;
        string displayUrl;
        string expectedHost;
        string? hostHeader = null;
        if (WireJson.GetString(clientConfig, "url") is { } url)
        {
            target = new Uri(url + query);
            displayUrl = target.ToString();
            expectedHost = target.IdnHost;
        }
        else
        {
            var service = WireJson.GetObject(clientConfig, "service") ?? [];
            var ns = WireJson.GetString(service, "namespace") ?? "";
            var serviceName = WireJson.GetString(service, "name") ?? "";
            var port = service["port"] is JsonValue p && p.TryGetValue<int>(out var portNumber) ? portNumber : 443;
            var path = WireJson.GetString(service, "path") ?? "";
            expectedHost = $"{serviceName}.{ns}.svc";
            hostHeader = port == 443 ? expectedHost : $"{expectedHost}:{port.ToString(CultureInfo.InvariantCulture)}";
            displayUrl = $"https://{hostHeader}{path}{query}";
            var resolved = resolveService(ns, serviceName, port);
            if (resolved is null)
            {
                var error = $"failed to call webhook: Post {GoText.Quote(displayUrl)}: service \"{ns}/{serviceName}\" port {port} is not mapped to a test server (call emulator.Admission.MapService)";
                return Failed(new Uri(displayUrl), error, null, null);
            }
            target = new Uri(resolved, path + query);
        }

        X509Certificate2Collection? roots = null;
        if (WireJson.GetString(clientConfig, "caBundle") is { Length: > 0 } caBundle)
        {
            try
            {
                roots = CertificateTrust.ParsePem(Encoding.UTF8.GetString(Convert.FromBase64String(caBundle)));
            }
            catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
            {
                roots = [];
            }
            if (roots.Count == 0)
            {
                return Failed(target, "could not get REST client: unable to load root certificates: unable to parse bytes as PEM block", null, null);
            }
        }

        string? tlsFailure = null;
        using var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null)
                    {
                        tlsFailure = "remote error: tls: no certificate";
                        return false;
                    }
                    using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    tlsFailure = roots is null
                        ? errors == SslPolicyErrors.None ? null : "x509: certificate signed by unknown authority"
                        : CertificateTrust.Verify(server, roots, expectedHost);
                    return tlsFailure is null;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(reviewJson));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content = content;
        request.Headers.UserAgent.ParseAdd("kube-apiserver-admission");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, */*");
        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        HttpResponseMessage response;
        string body;
        try
        {
            response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(target, $"failed to call webhook: Post {GoText.Quote(displayUrl)}: context deadline exceeded", null, null);
        }
        catch (HttpRequestException ex)
        {
            var reason = tlsFailure
                         ?? (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                             ? $"dial tcp {target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}: connect: connection refused"
                             : ex.Message);
            return Failed(target, $"failed to call webhook: Post {GoText.Quote(displayUrl)}: {reason}", null, null);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                return Failed(target, "failed to call webhook: " + UnexpectedStatus(status, body), status, body);
            }
            if (WireJson.TryParseObject(body, out var parseError) is not { } review)
            {
                return Failed(target, $"failed to call webhook: couldn't get version/kind; json parse error: {parseError}", status, body);
            }
            var verifyError = Verify(review, uid, mutating);
            if (verifyError is not null)
            {
                return Failed(target, $"received invalid webhook response: {verifyError}", status, body);
            }
            return new WebhookCallResult((JsonObject)review["response"]!, null, Record(target, status, body, null));
        }

        AdmissionCall Record(Uri url, int? status, string? responseBody, string? error) =>
            new(configuration, name, mutating, url, reviewJson, status, responseBody, error);

        WebhookCallResult Failed(Uri url, string error, int? status, string? responseBody) =>
            new(null, error, Record(url, status, responseBody, error));
    }

    // VerifyAdmissionResponse (webhook/request/admissionreview.go) for admission.k8s.io/v1.
    private static string? Verify(JsonObject review, string uid, bool mutating)
    {
        var apiVersion = WireJson.GetString(review, "apiVersion") ?? "";
        var kind = WireJson.GetString(review, "kind") ?? "";
        if (apiVersion != "admission.k8s.io/v1" || kind != "AdmissionReview")
        {
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var gv = slash < 0 ? "/" + apiVersion : apiVersion;
            return $"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {gv}, Kind={kind}";
        }
        if (review["response"] is not JsonObject response)
        {
            return "webhook response was absent";
        }
        var responseUid = WireJson.GetString(response, "uid") ?? "";
        if (responseUid != uid)
        {
            return $"expected response.uid={GoText.Quote(uid)}, got {GoText.Quote(responseUid)}";
        }
        var patch = WireJson.GetString(response, "patch") ?? "";
        var patchType = WireJson.GetString(response, "patchType") ?? "";
        if (patch.Length > 0 || patchType.Length > 0)
        {
            if (!mutating)
            {
                return "validating webhook may not return response.patch or response.patchType";
            }
            if (patch.Length == 0)
            {
                return "webhook returned response.patchType but not response.patch";
            }
            if (patchType.Length == 0)
            {
                return "webhook returned response.patch but not response.patchType";
            }
            if (patchType != "JSONPatch")
            {
                return $"webhook returned invalid response.patchType of {GoText.Quote(patchType)}";
            }
        }
        return null;
    }

    // client-go's message for a non-2xx answer that is not a Status (errors.NewGenericServerResponse).
    private static string UnexpectedStatus(int code, string body)
    {
        if (WireJson.TryParseObject(body, out _) is { } status && WireJson.GetString(status, "kind") == "Status" &&
            WireJson.GetString(status, "message") is { Length: > 0 } message)
        {
            return message;
        }
        var text = body.Trim();
        return code switch
        {
            400 => "the server rejected our request for an unknown reason",
            401 => "the server has asked for the client to provide credentials",
            403 => text,
            404 => "the server could not find the requested resource",
            405 => "the server does not allow this method on the requested resource",
            409 => "the server reported a conflict",
            415 => "the server responded with the status code 415 but did not return more information",
            422 => "the server rejected our request due to an error in our request",
            429 => "the server has received too many requests and has asked us to try again later",
            503 => "the server is currently unable to handle the request",
            504 => "the server was unable to return a response in the time allotted, but may still be processing the request",
            >= 500 => $"an error on the server ({GoText.Quote(text)}) has prevented the request from succeeding",
            _ => $"the server responded with the status code {code.ToString(CultureInfo.InvariantCulture)} but did not return more information",
        };
    }
}
