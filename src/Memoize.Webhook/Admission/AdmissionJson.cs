using System.Text.Encodings.Web;
using System.Text.Json;

namespace Memoize.Webhook.Admission;

/// <summary>How the webhook writes JSON: quotes and angle brackets stay readable in messages (the reader is kube-apiserver, not a browser).</summary>
public static class AdmissionJson
{
    /// <summary>Options for every JSON answer.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
