using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Admission;

/// <summary>Builds the admission.k8s.io/v1 AdmissionReview request kube-apiserver sends (fixtures/admission).</summary>
internal static class AdmissionReview
{
    /// <summary>The AdmissionReview for <paramref name="attributes"/>, with request uid <paramref name="uid"/>.</summary>
    public static JsonObject Build(AdmissionAttributes attributes, string uid)
    {
        var type = attributes.Type;
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
            ["resource"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural },
            ["requestKind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
            ["requestResource"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural },
        };
        if (attributes.Name.Length > 0)
        {
            request["name"] = attributes.Name;
        }
        if (attributes.Namespace.Length > 0)
        {
            request["namespace"] = attributes.Namespace;
        }
        request["operation"] = attributes.Operation;
        request["userInfo"] = new JsonObject
        {
            ["username"] = attributes.User.Username,
            ["groups"] = new JsonArray(attributes.User.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
        };
        request["object"] = attributes.Object is null ? null : ObjectLayout.Arrange(type, attributes.Object);
        request["oldObject"] = attributes.OldObject is null ? null : ObjectLayout.Arrange(type, attributes.OldObject);
        request["dryRun"] = attributes.DryRun;
        request["options"] = attributes.Options.DeepClone();
        return new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = request,
        };
    }
}
