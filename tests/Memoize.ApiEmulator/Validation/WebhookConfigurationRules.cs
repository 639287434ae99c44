using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Selectors;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>
/// Defaults and validation of Validating/MutatingWebhookConfiguration (admissionregistration/v1 defaults and
/// pkg/apis/admissionregistration/validation), so a broken manifest fails here as it would on a real cluster.
/// </summary>
internal static class WebhookConfigurationRules
{
    /// <summary>Fills the v1 defaults kube-apiserver stores (failurePolicy Fail, timeoutSeconds 10, selectors {}, ...).</summary>
    public static void ApplyDefaults(JsonObject configuration, bool mutating)
    {
        if (configuration["webhooks"] is not JsonArray webhooks)
        {
            return;
        }
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (webhooks[i] is not JsonObject webhook)
            {
                continue;
            }
            webhook["failurePolicy"] ??= "Fail";
            webhook["matchPolicy"] ??= "Equivalent";
            webhook["namespaceSelector"] ??= new JsonObject();
            webhook["objectSelector"] ??= new JsonObject();
            webhook["timeoutSeconds"] ??= 10;
            if (mutating)
            {
                webhook["reinvocationPolicy"] ??= "Never";
            }
            if (webhook["rules"] is JsonArray rules)
            {
                foreach (var rule in rules.OfType<JsonObject>())
                {
                    rule["scope"] ??= "*";
                }
            }
            if (webhook["clientConfig"] is JsonObject { } clientConfig && clientConfig["service"] is JsonObject service)
            {
                service["port"] ??= 443;
            }
            webhooks[i] = Arrange(webhook, mutating);
        }
    }

    /// <summary>The validation errors for a (defaulted) configuration's webhooks.</summary>
    public static List<FieldError> Validate(JsonObject configuration, bool mutating)
    {
        var errors = new List<FieldError>();
        if (configuration["webhooks"] is not JsonArray webhooks)
        {
            return errors;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < webhooks.Count; i++)
        {
            var path = $"webhooks[{i}]";
            if (webhooks[i] is not JsonObject webhook)
            {
                errors.Add(FieldError.Required(path));
                continue;
            }
            var name = WireJson.GetString(webhook, "name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required($"{path}.name"));
            }
            else
            {
                if (name.Split('.').Length < 3)
                {
                    errors.Add(FieldError.Invalid($"{path}.name", name, "should be a domain with at least three segments separated by dots"));
                }
                errors.AddRange(NameRules.DnsSubdomain(name).Select(m => FieldError.Invalid($"{path}.name", name, m)));
                if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate($"{path}.name", name));
                }
            }
            errors.AddRange(Rules(webhook, path));
            errors.AddRange(OneOf(webhook, "failurePolicy", path, "Fail", "Ignore"));
            errors.AddRange(OneOf(webhook, "matchPolicy", path, "Equivalent", "Exact"));
            if (mutating)
            {
                errors.AddRange(OneOf(webhook, "reinvocationPolicy", path, "IfNeeded", "Never"));
            }
            var sideEffects = WireJson.GetString(webhook, "sideEffects");
            if (sideEffects is null)
            {
                errors.Add(FieldError.Required($"{path}.sideEffects", "must specify one of None, NoneOnDryRun"));
            }
            else if (sideEffects is not ("None" or "NoneOnDryRun"))
            {
                errors.Add(FieldError.NotSupported($"{path}.sideEffects", sideEffects, "None", "NoneOnDryRun"));
            }
            if (webhook["timeoutSeconds"] is JsonValue timeout && timeout.TryGetValue<long>(out var seconds) && seconds is < 1 or > 30)
            {
                errors.Add(FieldError.Invalid($"{path}.timeoutSeconds", seconds, "the timeout value must be between 1 and 30 seconds"));
            }
            var versions = ObjectMetaRules.Strings(webhook["admissionReviewVersions"]);
            if (versions.Count == 0)
            {
                errors.Add(FieldError.Required($"{path}.admissionReviewVersions", "must specify one of v1, v1beta1"));
            }
            else if (!versions.Contains("v1") && !versions.Contains("v1beta1"))
            {
                var goList = "[]string{" + string.Join(", ", versions.Select(GoText.Quote)) + "}";
                errors.Add(FieldError.InvalidRaw($"{path}.admissionReviewVersions", goList, "must include at least one of v1, v1beta1"));
            }
            errors.AddRange(ClientConfig(webhook, path));
            foreach (var selector in new[] { "namespaceSelector", "objectSelector" })
            {
                try
                {
                    LabelSelector.FromObject(webhook[selector] as JsonObject);
                }
                catch (FormatException ex)
                {
                    errors.Add(FieldError.Invalid($"{path}.{selector}.matchExpressions", "", ex.Message));
                }
            }
        }
        return errors;
    }

    private static IEnumerable<FieldError> Rules(JsonObject webhook, string path)
    {
        if (webhook["rules"] is not JsonArray rules)
        {
            yield break;
        }
        for (var r = 0; r < rules.Count; r++)
        {
            var rulePath = $"{path}.rules[{r}]";
            if (rules[r] is not JsonObject rule)
            {
                yield return FieldError.Required(rulePath);
                continue;
            }
            var operations = ObjectMetaRules.Strings(rule["operations"]);
            if (operations.Count == 0)
            {
                yield return FieldError.Required($"{rulePath}.operations");
            }
            for (var o = 0; o < operations.Count; o++)
            {
                if (operations[o] is not ("*" or "CREATE" or "UPDATE" or "DELETE" or "CONNECT"))
                {
                    yield return FieldError.NotSupported($"{rulePath}.operations[{o}]", operations[o], "*", "CONNECT", "CREATE", "DELETE", "UPDATE");
                }
            }
            foreach (var field in new[] { "apiGroups", "apiVersions", "resources" })
            {
                if (ObjectMetaRules.Strings(rule[field]).Count == 0)
                {
                    yield return FieldError.Required($"{rulePath}.{field}");
                }
            }
            foreach (var error in OneOf(rule, "scope", rulePath, "*", "Cluster", "Namespaced"))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<FieldError> ClientConfig(JsonObject webhook, string path)
    {
        var clientConfig = WireJson.GetObject(webhook, "clientConfig");
        var url = WireJson.GetString(clientConfig, "url");
        var service = WireJson.GetObject(clientConfig, "service");
        if ((url is null) == (service is null))
        {
            yield return FieldError.Required($"{path}.clientConfig", "exactly one of url or service is required");
            yield break;
        }
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                yield return FieldError.Invalid($"{path}.clientConfig.url", url, "host must be specified");
            }
            else if (uri.Scheme != "https")
            {
                yield return FieldError.Invalid($"{path}.clientConfig.url", url, "'https' is the only allowed URL scheme");
            }
        }
        else
        {
            foreach (var field in new[] { "namespace", "name" })
            {
                if (string.IsNullOrEmpty(WireJson.GetString(service, field)))
                {
                    yield return FieldError.Required($"{path}.clientConfig.service.{field}", $"service {field} is required");
                }
            }
            if (service!["port"] is JsonValue port && port.TryGetValue<long>(out var p) && p is < 1 or > 65535)
            {
                yield return FieldError.Invalid($"{path}.clientConfig.service.port", p, "port is not valid: must be between 1 and 65535, inclusive");
            }
        }
        var caBundle = WireJson.GetString(clientConfig, "caBundle");
        if (caBundle is not null && !IsBase64(caBundle))
        {
            yield return FieldError.Invalid($"{path}.clientConfig.caBundle", caBundle, "must be base64-encoded PEM certificates");
        }
    }

    private static IEnumerable<FieldError> OneOf(JsonObject obj, string field, string path, params string[] allowed)
    {
        var value = WireJson.GetString(obj, field);
        if (value is not null && !allowed.Contains(value))
        {
            yield return FieldError.NotSupported($"{path}.{field}", value, allowed);
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static JsonObject Arrange(JsonObject webhook, bool mutating)
    {
        string[] order = mutating
            ? ["name", "clientConfig", "rules", "failurePolicy", "matchPolicy", "namespaceSelector", "objectSelector", "sideEffects", "timeoutSeconds", "admissionReviewVersions", "reinvocationPolicy"]
            : ["name", "clientConfig", "rules", "failurePolicy", "matchPolicy", "namespaceSelector", "objectSelector", "sideEffects", "timeoutSeconds", "admissionReviewVersions"];
        var arranged = new JsonObject();
        foreach (var key in order.Concat(webhook.Select(p => p.Key).Where(k => !order.Contains(k)).ToList()))
        {
            if (webhook.TryGetPropertyValue(key, out var value))
            {
                arranged[key] = value?.DeepClone();
            }
        }
        return arranged;
    }
}
