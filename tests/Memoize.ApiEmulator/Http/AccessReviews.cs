using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Authentication;
using Memoize.ApiEmulator.Authorization;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Http;

/// <summary>Answers SubjectAccessReview and SelfSubjectAccessReview creations from the test's <see cref="AuthorizationRules"/>.</summary>
internal static class AccessReviews
{
    /// <summary>Returns the review with its status filled in, as kube-apiserver does (nothing is stored).</summary>
    public static JsonObject Answer(ResourceType type, JsonObject body, EmulatorUser caller, AuthorizationRules rules)
    {
        var kind = WireJson.GetString(body, "kind");
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiError.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }
        var spec = WireJson.GetObject(body, "spec") ?? [];
        var self = type == ResourceCatalog.SelfSubjectAccessReviews;
        var user = self ? caller.Username : WireJson.GetString(spec, "user") ?? "";
        var groups = self ? caller.Groups : Strings(spec["groups"]);

        var errors = new List<FieldError>();
        var resource = WireJson.GetObject(spec, "resourceAttributes");
        var nonResource = WireJson.GetObject(spec, "nonResourceAttributes");
        if (resource is not null && nonResource is not null)
        {
            errors.Add(FieldError.InvalidRaw("spec.nonResourceAttributes", "{...}", "cannot be specified in combination with resourceAttributes"));
        }
        if (resource is null && nonResource is null)
        {
            errors.Add(FieldError.InvalidRaw("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (!self && user.Length == 0 && groups.Count == 0)
        {
            errors.Add(FieldError.Invalid("spec.user", "", "at least one of user or group must be specified"));
        }
        if (errors.Count > 0)
        {
            throw ApiError.Invalid(type, "", errors);
        }

        AccessDecision decision;
        if (resource is not null)
        {
            var request = new AccessRequest(
                WireJson.GetString(resource, "verb") ?? "",
                WireJson.GetString(resource, "group") ?? "",
                WireJson.GetString(resource, "resource") ?? "",
                WireJson.GetString(resource, "subresource") ?? "",
                WireJson.GetString(resource, "namespace") ?? "",
                WireJson.GetString(resource, "name") ?? "");
            decision = rules.Decide(user, groups, request);
        }
        else
        {
            decision = groups.Contains("system:masters") ? new AccessDecision(true, false, "") : new AccessDecision(false, false, "");
        }

        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Denied)
        {
            status["denied"] = true;
        }
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }
        var answeredSpec = (JsonObject)spec.DeepClone();
        if (self)
        {
            answeredSpec.Remove("user");
            answeredSpec.Remove("groups");
        }
        return new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = answeredSpec,
            ["status"] = status,
        };
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonValue>().Select(v => v.ToString()).ToList() : [];
}
