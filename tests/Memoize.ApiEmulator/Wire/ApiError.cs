using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;

namespace Memoize.ApiEmulator.Wire;

/// <summary>
/// A failed request, answered with a Kubernetes <c>Status</c> body shaped exactly like kube-apiserver's
/// (field order kind, apiVersion, metadata, status, message, reason, details, code).
/// </summary>
internal sealed class ApiError : Exception
{
    private ApiError(int code, string message, string reason, JsonObject? details, string? plainTextBody = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        PlainTextBody = plainTextBody;
    }

    /// <summary>The HTTP status code (also the Status' <c>code</c>).</summary>
    public int Code { get; }

    /// <summary>The Status' <c>reason</c> (empty: omitted).</summary>
    public string Reason { get; }

    /// <summary>The Status' <c>details</c>, or null to omit it.</summary>
    public JsonObject? Details { get; }

    /// <summary>When set, the body is this plain text instead of a Status (kube-apiserver's 429 and unknown paths).</summary>
    public string? PlainTextBody { get; }

    /// <summary>Extra response headers (Retry-After).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Status' <c>metadata.continue</c> (a 410 for a compacted continue token), or null.</summary>
    public string? ListContinue { get; private init; }

    /// <summary>The Status object for the body.</summary>
    public JsonObject ToStatus()
    {
        var status = BuildStatus("Failure", Message, Reason, Details?.DeepClone() as JsonObject, Code);
        if (ListContinue is not null)
        {
            status["metadata"] = new JsonObject { ["continue"] = ListContinue };
        }
        return status;
    }

    /// <summary>Builds a Status object with kube-apiserver's field order, omitting empty fields.</summary>
    public static JsonObject BuildStatus(string status, string message, string reason, JsonObject? details, int code)
    {
        var result = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = status,
        };
        if (message.Length > 0)
        {
            result["message"] = message;
        }
        if (reason.Length > 0)
        {
            result["reason"] = reason;
        }
        if (details is not null)
        {
            result["details"] = details;
        }
        if (code != 0)
        {
            result["code"] = code;
        }
        return result;
    }

    /// <summary>A Status built by someone else (an admission webhook's denial), passed through as-is.</summary>
    public static ApiError FromStatus(int code, string message, string reason, JsonObject? details) =>
        new(code, message, reason, details);

    /// <summary>Builds StatusDetails in kube-apiserver's field order (name, group, kind, uid, causes, retryAfterSeconds).</summary>
    public static JsonObject DetailsOf(string? name = null, string? group = null, string? kind = null,
        string? uid = null, IReadOnlyList<FieldError>? causes = null, int retryAfterSeconds = 0)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (!string.IsNullOrEmpty(group))
        {
            details["group"] = group;
        }
        if (!string.IsNullOrEmpty(kind))
        {
            details["kind"] = kind;
        }
        if (!string.IsNullOrEmpty(uid))
        {
            details["uid"] = uid;
        }
        if (causes is { Count: > 0 })
        {
            var array = new JsonArray();
            foreach (var cause in causes)
            {
                array.Add(new JsonObject { ["reason"] = cause.Type, ["message"] = cause.Body, ["field"] = cause.Field });
            }
            details["causes"] = array;
        }
        if (retryAfterSeconds > 0)
        {
            details["retryAfterSeconds"] = retryAfterSeconds;
        }
        return details;
    }

    /// <summary>404 <c>configmaps "x" not found</c>.</summary>
    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, $"{type.GroupResource} {GoText.Quote(name)} not found", "NotFound",
            DetailsOf(name: name, group: type.Group, kind: type.Plural));

    /// <summary>404 for a path inside a known group that names no resource.</summary>
    public static ApiError ResourceNotFound() =>
        new(404, "the server could not find the requested resource", "NotFound", new JsonObject());

    /// <summary>404 with Go's plain-text <c>404 page not found</c>, for paths outside every API group.</summary>
    public static ApiError PageNotFound() => new(404, "404 page not found", "NotFound", null, "404 page not found\n");

    /// <summary>409 <c>configmaps "x" already exists</c>.</summary>
    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, $"{type.GroupResource} {GoText.Quote(name)} already exists", "AlreadyExists",
            DetailsOf(name: name, group: type.Group, kind: type.Plural));

    /// <summary>409 <c>Operation cannot be fulfilled on configmaps "x": why</c>.</summary>
    public static ApiError Conflict(ResourceType type, string name, string why) =>
        new(409, $"Operation cannot be fulfilled on {type.GroupResource} {GoText.Quote(name)}: {why}", "Conflict",
            DetailsOf(name: name, group: type.Group, kind: type.Plural));

    /// <summary>The stale-resourceVersion reason text kube-apiserver uses.</summary>
    public const string ObjectModified = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>422 <c>ConfigMap "x" is invalid: ...</c> with one cause per field error.</summary>
    public static ApiError Invalid(string qualifiedKind, string group, string kind, string name, IReadOnlyList<FieldError> errors) =>
        new(422, $"{qualifiedKind} {GoText.Quote(name)} is invalid: {FieldError.Aggregate(errors)}", "Invalid",
            DetailsOf(name: name, group: group, kind: kind, causes: errors));

    /// <summary>422 Invalid for an object of <paramref name="type"/>.</summary>
    public static ApiError Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors) =>
        Invalid(type.QualifiedKind, type.Group, type.Kind, name, errors);

    /// <summary>The generic 422 kube-apiserver answers when a JSON Patch cannot be applied (the cause is not shown).</summary>
    public static ApiError PatchNotApplicable() =>
        new(422, "the server rejected our request due to an error in our request", "Invalid", new JsonObject());

    /// <summary>400 BadRequest with <paramref name="message"/>.</summary>
    public static ApiError BadRequest(string message) => new(400, message, "BadRequest", null);

    /// <summary>401 <c>Unauthorized</c>.</summary>
    public static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized", null);

    /// <summary>403 as kube-apiserver's authorizer writes it.</summary>
    public static ApiError Forbidden(ResourceType type, string? name, string why)
    {
        var message = string.IsNullOrEmpty(name)
            ? $"{type.GroupResource} is forbidden: {why}"
            : $"{type.GroupResource} {GoText.Quote(name)} is forbidden: {why}";
        return new(403, message, "Forbidden", DetailsOf(name: name, group: type.Group, kind: type.Plural));
    }

    /// <summary>405 MethodNotAllowed.</summary>
    public static ApiError MethodNotAllowed() =>
        new(405, "the server does not allow this method on the requested resource", "MethodNotAllowed", new JsonObject());

    /// <summary>410 Expired, as in a watch ERROR event.</summary>
    public static ApiError Expired(string message) => new(410, message, "Expired", null);

    /// <summary>410 Expired for a list continue token whose revision was compacted; <paramref name="continueToken"/> continues at the latest revision.</summary>
    public static ApiError ExpiredContinue(string message, string continueToken) => new(410, message, "Expired", null) { ListContinue = continueToken };

    /// <summary>415 UnsupportedMediaType.</summary>
    public static ApiError UnsupportedMediaType(string message) => new(415, message, "UnsupportedMediaType", null);

    /// <summary>413 RequestEntityTooLarge.</summary>
    public static ApiError RequestEntityTooLarge(string message) => new(413, message, "RequestEntityTooLarge", null);

    /// <summary>500 <c>Internal error occurred: cause</c>, with the cause repeated in details.causes like NewInternalError.</summary>
    public static ApiError Internal(string cause)
    {
        var details = new JsonObject { ["causes"] = new JsonArray { new JsonObject { ["message"] = cause } } };
        return new(500, $"Internal error occurred: {cause}", "InternalError", details);
    }

    /// <summary>503 ServiceUnavailable.</summary>
    public static ApiError ServiceUnavailable(string message) => new(503, message, "ServiceUnavailable", null);

    /// <summary>504 Timeout.</summary>
    public static ApiError Timeout(string message, int retryAfterSeconds) =>
        new(504, message, "Timeout", DetailsOf(retryAfterSeconds: retryAfterSeconds));

    /// <summary>
    /// 429 as kube-apiserver's priority-and-fairness filter writes it: a plain-text body and a Retry-After header
    /// (not a Status: the filter uses Go's http.Error).
    /// </summary>
    public static ApiError TooManyRequests(int retryAfterSeconds)
    {
        var error = new ApiError(429, "Too many requests, please try again later.", "TooManyRequests", null,
            "Too many requests, please try again later.\n");
        error.Headers["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return error;
    }
}
