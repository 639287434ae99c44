using System.Net;

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
