using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>An AdmissionReview a test webhook received, with the URL path and headers.</summary>
public sealed record ReceivedReview(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, JsonObject Review)
{
    /// <summary>The review's request.</summary>
    public JsonObject Request => Review["request"]!.AsObject();

    /// <summary>The request uid the response must echo.</summary>
    public string Uid => Request["uid"]!.GetValue<string>();
}
