using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>AdmissionReview answers a test webhook gives.</summary>
public static class Reviews
{
    /// <summary>Allows, with optional warnings.</summary>
    public static IResult Allow(ReceivedReview review, params string[] warnings)
    {
        var response = new JsonObject { ["uid"] = review.Uid, ["allowed"] = true };
        if (warnings.Length > 0)
        {
            response["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        }
        return Answer(response);
    }

    /// <summary>Denies with a status (code, message, reason, details as given).</summary>
    public static IResult Deny(ReceivedReview review, JsonObject status, params string[] warnings)
    {
        var response = new JsonObject { ["uid"] = review.Uid, ["allowed"] = false, ["status"] = status };
        if (warnings.Length > 0)
        {
            response["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        }
        return Answer(response);
    }

    /// <summary>Allows with a JSON Patch.</summary>
    public static IResult Patch(ReceivedReview review, string jsonPatch) => Answer(new JsonObject
    {
        ["uid"] = review.Uid,
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch)),
    });

    /// <summary>An AdmissionReview response around <paramref name="response"/>.</summary>
    public static IResult Answer(JsonObject response) => Results.Text(
        new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response }.ToJsonString(),
        "application/json");
}
