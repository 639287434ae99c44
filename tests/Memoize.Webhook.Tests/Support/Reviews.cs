using System.Text;
using System.Text.Json.Nodes;

namespace Memoize.Webhook.Tests.Support;

/// <summary>Expected answers and edited requests.</summary>
public static class Reviews
{
    public static string Allowed(string uid) =>
        $$$"""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"{{{uid}}}","allowed":true}}""";

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Uid(JsonObject review) => (string)review["request"]!["uid"]!;

    /// <summary>A fixture with an edit applied to its request.</summary>
    public static string Edited(string fixture, Action<JsonObject> edit)
    {
        var review = Fixtures.AdmissionJson(fixture);
        edit(review["request"]!.AsObject());
        return review.ToJsonString();
    }

    /// <summary>The first template's memoize block of a Workflow request (object side).</summary>
    public static JsonObject Memoize(JsonObject request) => request["object"]!["spec"]!["templates"]![0]!["memoize"]!.AsObject();
}
