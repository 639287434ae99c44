using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Authorization;

namespace Memoize.Webhook.Tests.Support;

/// <summary>Turns the rendered RBAC objects bound to one service account into the API emulator's allow rules.</summary>
public static class RenderedRbac
{
    /// <summary>The grant line <see cref="Grant"/> returns for an emulator rule.</summary>
    public static string Describe(AccessRule rule) =>
        $"{rule.Verb} {(rule.ApiGroup.Length == 0 ? "core" : rule.ApiGroup)}/{rule.Resource} in {rule.Namespace ?? "every namespace"}";

    /// <summary>
    /// Allows the service account what the rendered RoleBindings and ClusterRoleBindings grant it, and nothing else;
    /// returns the grants, one "verb group/resource in namespace" line each. The emulator has no resourceNames: a rule
    /// limited to names is granted for every name (the manifest tests assert the names themselves).
    /// </summary>
    public static IReadOnlyList<string> Grant(AuthorizationRules authorization, IReadOnlyList<JsonObject> documents, string @namespace, string name)
    {
        var user = $"system:serviceaccount:{@namespace}:{name}";
        var grants = new List<string>();
        foreach (var binding in documents.Where(d => (string?)d["kind"] is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subjects = binding["subjects"]?.AsArray() ?? [];
            if (!subjects.Any(s => (string?)s!["kind"] == "ServiceAccount" && (string?)s["name"] == name && (string?)s["namespace"] == @namespace))
            {
                continue;
            }

            // A RoleBinding grants in its own namespace only, even when it refers to a ClusterRole.
            var where = (string?)binding["kind"] == "RoleBinding" ? (string?)binding["metadata"]!["namespace"] : null;
            var roleKind = (string?)binding["roleRef"]!["kind"];
            var roleName = (string?)binding["roleRef"]!["name"];
            var role = Assert.Single(documents, d => (string?)d["kind"] == roleKind && (string?)d["metadata"]!["name"] == roleName
                && (roleKind == "ClusterRole" || (string?)d["metadata"]!["namespace"] == where));
            foreach (var rule in role["rules"]!.AsArray())
            {
                foreach (var group in rule!["apiGroups"]!.AsArray().Select(g => (string)g!))
                {
                    foreach (var resource in rule["resources"]!.AsArray().Select(r => (string)r!))
                    {
                        foreach (var verb in rule["verbs"]!.AsArray().Select(v => (string)v!))
                        {
                            authorization.Allow(user, verb, resource, where, group);
                            grants.Add(Describe(authorization.Rules[^1]));
                        }
                    }
                }
            }
        }

        return grants;
    }
}
