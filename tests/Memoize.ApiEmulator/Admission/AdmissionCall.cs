using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Admission;

/// <summary>One call the emulator made to an admission webhook, recorded for tests.</summary>
/// <param name="Configuration">The webhook configuration's name.</param>
/// <param name="Webhook">The webhook's name.</param>
/// <param name="Mutating">True for a mutating webhook.</param>
/// <param name="Url">The URL called (a mapped service's loopback URL), with <c>?timeout=Ns</c>.</param>
/// <param name="RequestBody">The AdmissionReview JSON sent.</param>
/// <param name="ResponseStatus">The HTTP status received, or null when the call failed.</param>
/// <param name="ResponseBody">The body received, or null.</param>
/// <param name="Error">Why the call failed (as kube-apiserver words it), or null.</param>
public sealed record AdmissionCall(
    string Configuration,
    string Webhook,
    bool Mutating,
    Uri Url,
    string RequestBody,
    int? ResponseStatus,
    string? ResponseBody,
    string? Error)
{
    /// <summary>The AdmissionReview sent, parsed.</summary>
    public JsonObject Review => (JsonObject)WireJson.Parse(RequestBody)!;

    /// <summary>The <c>request</c> of the AdmissionReview sent.</summary>
    public JsonObject Request => (JsonObject)Review["request"]!;

    /// <summary>The operation (CREATE, UPDATE, DELETE).</summary>
    public string Operation => WireJson.GetString(Request, "operation") ?? "";
}
