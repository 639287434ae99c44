using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace Memoize.Kubernetes.Errors;

/// <summary>A failed Kubernetes API call: the server's Status (or one made up from a non-Status answer) and the HTTP code.</summary>
public class KubernetesApiException : Exception
{
    /// <summary>Creates the exception for <paramref name="status"/>; the message is the Status message.</summary>
    public KubernetesApiException(KubernetesStatus status, HttpStatusCode httpStatusCode, Exception? innerException = null)
        : base(MessageOf(status), innerException)
    {
        Status = status;
        HttpStatusCode = httpStatusCode;
    }

    /// <summary>The Status the server answered (or a synthetic one when the body was not a Status).</summary>
    public KubernetesStatus Status { get; }

    /// <summary>The HTTP status code of the answer; 0 when no answer arrived.</summary>
    public HttpStatusCode HttpStatusCode { get; }

    /// <summary>The Status reason, e.g. <c>NotFound</c>.</summary>
    public string Reason => Status.Reason;

    /// <summary>Maps a Status to the matching typed exception (NotFound, Conflict, AlreadyExists, Invalid, ...).</summary>
    public static KubernetesApiException FromStatus(KubernetesStatus status, HttpStatusCode httpStatusCode, TimeSpan? retryAfter = null)
    {
        var code = status.Code != 0 ? status.Code : (int)httpStatusCode;
        return code switch
        {
            401 => new UnauthorizedException(status, httpStatusCode),
            403 => new ForbiddenException(status, httpStatusCode),
            404 => new NotFoundException(status, httpStatusCode),
            409 when status.Reason == "AlreadyExists" => new AlreadyExistsException(status, httpStatusCode),
            409 => new ConflictException(status, httpStatusCode),
            410 => new ExpiredException(status, httpStatusCode),
            422 => new InvalidException(status, httpStatusCode),
            429 => new TooManyRequestsException(status, httpStatusCode, retryAfter ?? SecondsOrNull(status.RetryAfterSeconds)),
            >= 500 and <= 599 => new ServerErrorException(status, httpStatusCode, retryAfter ?? SecondsOrNull(status.RetryAfterSeconds)),
            _ => new KubernetesApiException(status, httpStatusCode),
        };
    }

    /// <summary>
    /// Maps an HTTP error answer to a typed exception. A Status body is used as is; anything else
    /// (an HTML page from a proxy, an empty body) becomes a synthetic Status naming the HTTP code and a snippet of the body.
    /// </summary>
    public static KubernetesApiException FromResponse(HttpStatusCode httpStatusCode, string? reasonPhrase, string? body, TimeSpan? retryAfter = null)
    {
        var status = KubernetesStatus.TryParse(body) ?? SyntheticStatus(httpStatusCode, reasonPhrase, body);
        return FromStatus(status, httpStatusCode, retryAfter);
    }

    /// <summary>
    /// The one place where a failure of a KubernetesClient package call becomes the typed exception: an HTTP error answer
    /// (<see cref="HttpOperationException"/>, with the server's Status or any other body), a watch ERROR event
    /// (<see cref="KubernetesException"/>), an answer that is not the JSON expected, or no answer at all.
    /// Returns null for anything else (the caller's own cancellation, programming errors), which the caller rethrows.
    /// </summary>
    /// <param name="error">What the package threw.</param>
    /// <param name="server">The API server's URL, named when it could not be reached.</param>
    /// <param name="request">The call, e.g. <c>GET workflows argo/wf-1</c>, named when the answer was unreadable.</param>
    public static KubernetesApiException? FromPackage(Exception error, string server, string request)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error)
        {
            case KubernetesApiException typed:
                return typed;
            case HttpOperationException { Response: { } response }:
                return FromResponse(response.StatusCode, response.ReasonPhrase, response.Content, RetryAfterOf(response.Headers));
            case KubernetesException { Status: { } status }:
                var statusCode = status.Code ?? 500;
                return FromStatus(KubernetesStatus.From(status), (HttpStatusCode)statusCode);
            case JsonException json:
                return new KubernetesApiException(
                    new KubernetesStatus(500, "InternalError", $"{request} answered with a body that is not the JSON object expected: {json.Message}", null, null, [], null),
                    HttpStatusCode.OK,
                    json);
            case HttpRequestException or IOException:
                return new ServerUnreachableException($"cannot reach the Kubernetes API server {server} ({request}): {Describe(error)}", error);
            default:
                return null;
        }
    }

    /// <summary>The messages of an exception and its inner exceptions on one line (HttpClient's own says only "see inner exception").</summary>
    internal static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            var message = current.Message.Replace(", see inner exception", "", StringComparison.Ordinal).Trim().TrimEnd('.');
            if (message.Length > 0 && !parts.Contains(message))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }

    /// <summary>The server's Retry-After (seconds or a date), when it sent one.</summary>
    internal static TimeSpan? RetryAfterOf(System.Net.Http.Headers.HttpResponseHeaders headers) =>
        headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };

    private static TimeSpan? RetryAfterOf(IDictionary<string, IEnumerable<string>> headers)
    {
        var value = headers.FirstOrDefault(header => string.Equals(header.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? (date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : null;
    }

    /// <summary>The Status reason Kubernetes uses for an HTTP code, for answers that carry no Status.</summary>
    internal static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Gone",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };

    private static KubernetesStatus SyntheticStatus(HttpStatusCode httpStatusCode, string? reasonPhrase, string? body)
    {
        var code = (int)httpStatusCode;
        var phrase = string.IsNullOrWhiteSpace(reasonPhrase) ? "" : " " + reasonPhrase.Trim();
        var message = string.IsNullOrWhiteSpace(body)
            ? $"the API server answered HTTP {code}{phrase} with an empty body"
            : $"the API server answered HTTP {code}{phrase} with a body that is not a Kubernetes Status: {Snippet(body)}";
        return new KubernetesStatus(code, ReasonFor(code), message, null, null, [], null);
    }

    private static string Snippet(string body)
    {
        const int MaxLength = 200;
        var oneLine = string.Join(' ', body.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(part => part.Trim()));
        return oneLine.Length <= MaxLength ? oneLine : oneLine[..MaxLength] + "...";
    }

    private static string MessageOf(KubernetesStatus status) =>
        string.IsNullOrEmpty(status.Message) ? $"{status.Reason} (HTTP {status.Code})" : status.Message;

    private static TimeSpan? SecondsOrNull(int? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;
}
