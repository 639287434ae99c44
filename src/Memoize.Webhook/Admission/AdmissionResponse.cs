using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Webhook.Admission;

/// <summary>
/// The webhook's answer to one admission request, built with the verbs <see cref="Allowed"/>, <see cref="Denied"/>,
/// <see cref="Patched"/> and <see cref="Errored"/> (controller-runtime's names).
/// </summary>
public sealed record AdmissionResponse
{
    private AdmissionResponse(AdmissionVerdict verdict, bool allowed)
    {
        Verdict = verdict;
        IsAllowed = allowed;
    }

    // The answer to almost every review: immutable, so one for all.
    private static readonly AdmissionResponse PlainAllow = new(AdmissionVerdict.Allowed, true);

    /// <summary>What was decided, for logs and metrics.</summary>
    public AdmissionVerdict Verdict { get; }

    /// <summary>response.allowed.</summary>
    public bool IsAllowed { get; }

    /// <summary>response.status.code of a denial (403 for a rule, 500 for an internal error, 400 for bad input).</summary>
    public int? Code { get; private init; }

    /// <summary>response.status.reason of a denial; null when kubectl should print the message alone.</summary>
    public string? Reason { get; private init; }

    /// <summary>response.status.message of a denial: everything the person needs to fix the object.</summary>
    public string? Message { get; private init; }

    /// <summary>The JSON Patch of a mutation; empty when nothing changes.</summary>
    public IReadOnlyList<JsonPatchOperation> Patch { get; private init; } = [];

    /// <summary>response.warnings, shown by kubectl as <c>Warning: ...</c> lines.</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>Allows the request unchanged.</summary>
    public static AdmissionResponse Allowed(IReadOnlyList<string>? warnings = null) =>
        warnings is null or { Count: 0 } ? PlainAllow : new(AdmissionVerdict.Allowed, true) { Warnings = warnings };

    /// <summary>
    /// Denies the request with code 403 and no reason, so that kubectl prints
    /// <c>admission webhook "..." denied the request: &lt;message&gt;</c> with the whole message.
    /// </summary>
    public static AdmissionResponse Denied(string message, IReadOnlyList<string>? warnings = null) =>
        new(AdmissionVerdict.Denied, false) { Code = 403, Message = message, Warnings = warnings ?? [] };

    /// <summary>Allows the request with the given JSON Patch; with no operations it is the same as <see cref="Allowed"/>.</summary>
    public static AdmissionResponse Patched(IReadOnlyList<JsonPatchOperation> patch, IReadOnlyList<string>? warnings = null) =>
        patch.Count == 0
            ? Allowed(warnings)
            : new(AdmissionVerdict.Patched, true) { Patch = patch, Warnings = warnings ?? [] };

    /// <summary>Denies the request because the webhook failed (failurePolicy Fail semantics): code 500, reason InternalError.</summary>
    public static AdmissionResponse Errored(string message) =>
        new(AdmissionVerdict.Errored, false) { Code = 500, Reason = "InternalError", Message = message };

    /// <summary>Denies a request whose review was readable but incomplete: code 400, reason BadRequest.</summary>
    public static AdmissionResponse Rejected(string message) =>
        new(AdmissionVerdict.Rejected, false) { Code = 400, Reason = "BadRequest", Message = message };

    /// <summary>The JSON Patch as kube-apiserver wants it: the RFC 6902 document, base64-encoded.</summary>
    public string? PatchBase64 =>
        Patch.Count == 0 ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonArray([.. Patch.Select(p => (JsonNode)p.ToJson())]).ToJsonString()));

    /// <summary>
    /// Writes <see cref="ToReview"/>'s answer straight to <paramref name="writer"/>, the same bytes without building
    /// nodes (the HTTP adapter's path).
    /// </summary>
    public void WriteReview(Utf8JsonWriter writer, string uid)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, "admission.k8s.io/v1"u8);
        writer.WriteString("kind"u8, "AdmissionReview"u8);
        writer.WriteStartObject("response"u8);
        writer.WriteString("uid"u8, uid);
        writer.WriteBoolean("allowed"u8, IsAllowed);
        if (!IsAllowed)
        {
            writer.WriteStartObject("status"u8);
            writer.WriteString("status"u8, "Failure"u8);
            writer.WriteString("message"u8, Message);
            if (Reason is not null)
            {
                writer.WriteString("reason"u8, Reason);
            }

            if (Code is { } code)
            {
                writer.WriteNumber("code"u8, code);
            }
            else
            {
                writer.WriteNull("code"u8);
            }

            writer.WriteEndObject();
        }

        if (PatchBase64 is { } patch)
        {
            writer.WriteString("patchType"u8, "JSONPatch"u8);
            writer.WriteString("patch"u8, patch);
        }

        if (Warnings.Count > 0)
        {
            writer.WriteStartArray("warnings"u8);
            foreach (var warning in Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The whole AdmissionReview v1 answer for the request with <paramref name="uid"/>.</summary>
    public JsonObject ToReview(string uid)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = IsAllowed };
        if (!IsAllowed)
        {
            var status = new JsonObject { ["status"] = "Failure", ["message"] = Message };
            if (Reason is not null)
            {
                status["reason"] = Reason;
            }

            status["code"] = Code;
            response["status"] = status;
        }

        if (PatchBase64 is { } patch)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = patch;
        }

        if (Warnings.Count > 0)
        {
            response["warnings"] = new JsonArray([.. Warnings.Select(w => (JsonNode)JsonValue.Create(w))]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["response"] = response,
        };
    }
}
