using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Admission;

/// <summary>The outcome of calling one webhook: its verified AdmissionReview response, or why the call failed.</summary>
/// <param name="Response">The <c>response</c> object when the call succeeded and the answer was valid.</param>
/// <param name="CallError">kube-apiserver's wording of the failure (<c>failed to call webhook: ...</c>), or null.</param>
/// <param name="Call">The recorded call.</param>
internal sealed record WebhookCallResult(JsonObject? Response, string? CallError, AdmissionCall Call);
