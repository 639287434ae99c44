using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>
/// The table from each resource to its validation, run where kube-apiserver runs its strategy's Validate:
/// after mutating admission and before validating admission. Throws 422 Invalid with every error found.
/// </summary>
internal static class ResourceValidator
{
    /// <summary>Validates an object being created.</summary>
    public static void ValidateCreate(ResourceType type, JsonObject obj)
    {
        // Like Kubernetes: ObjectMeta first, then the kind's own fields.
        var errors = ObjectMetaRules.ValidateCreate(WireJson.Metadata(obj), type.Namespaced);
        errors.AddRange(TypeRules(type, obj));
        ThrowIfAny(type, obj, errors);
    }

    /// <summary>Validates an update of <paramref name="old"/> to <paramref name="obj"/>.</summary>
    public static void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaRules.ValidateUpdate(WireJson.Metadata(obj), WireJson.Metadata(old));
        if (type == ResourceCatalog.ConfigMaps)
        {
            errors.AddRange(ConfigMapRules.ValidateUpdate(obj, old));
        }
        foreach (var error in ObjectMetaRules.ValidateCreate(WireJson.Metadata(obj), type.Namespaced))
        {
            if (!errors.Contains(error))
            {
                errors.Add(error);
            }
        }
        errors.AddRange(TypeRules(type, obj));
        ThrowIfAny(type, obj, errors);
    }

    private static List<FieldError> TypeRules(ResourceType type, JsonObject obj)
    {
        if (type.IsCustomResource)
        {
            return CustomResourceRules.Validate(obj);
        }
        if (type == ResourceCatalog.ConfigMaps)
        {
            return ConfigMapRules.Validate(obj);
        }
        if (type == ResourceCatalog.Leases)
        {
            return LeaseRules.Validate(obj);
        }
        if (type == ResourceCatalog.CoreEvents)
        {
            return EventRules.ValidateCore(obj);
        }
        if (type == ResourceCatalog.Events)
        {
            return EventRules.ValidateEventsV1(obj);
        }
        if (type == ResourceCatalog.ValidatingWebhookConfigurations)
        {
            return WebhookConfigurationRules.Validate(obj, mutating: false);
        }
        if (type == ResourceCatalog.MutatingWebhookConfigurations)
        {
            return WebhookConfigurationRules.Validate(obj, mutating: true);
        }
        return [];
    }

    private static void ThrowIfAny(ResourceType type, JsonObject obj, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiError.Invalid(type, WireJson.GetString(WireJson.GetObject(obj, "metadata"), "name") ?? "", errors);
        }
    }
}
