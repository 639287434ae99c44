namespace Memoize.ApiEmulator.Authorization;

/// <summary>
/// The emulator's authorizer, driven by rules a test sets. Members of <c>system:masters</c> may do anything;
/// everyone else may do only what an allow rule grants (like RBAC, nothing is allowed by default), and an explicit
/// deny rule wins over allows (like a webhook authorizer). The same rules answer SubjectAccessReviews and gate
/// ordinary requests made with tokens from <see cref="KubernetesApiEmulator.AddUser"/>.
/// </summary>
public sealed class AuthorizationRules
{
    private readonly Lock gate = new();
    private readonly List<AccessRule> rules = [];
    private readonly HashSet<AccessRule> used = [];

    /// <summary>The rules set so far.</summary>
    public IReadOnlyList<AccessRule> Rules
    {
        get
        {
            lock (gate)
            {
                return rules.ToList();
            }
        }
    }

    /// <summary>
    /// The allow rules that some request or SubjectAccessReview has needed so far: a rule a test granted but nobody
    /// used is more privilege than the code needs.
    /// </summary>
    public IReadOnlyList<AccessRule> UsedRules
    {
        get
        {
            lock (gate)
            {
                return rules.Where(used.Contains).ToList();
            }
        }
    }

    /// <summary>Allows <paramref name="user"/> to <paramref name="verb"/> <paramref name="resource"/> in a namespace (null: everywhere).</summary>
    public void Allow(string user, string verb, string resource, string? @namespace = null, string apiGroup = "*", string? reason = null) =>
        Add(new AccessRule(user, false, verb, resource, @namespace, apiGroup, true, reason ?? DefaultReason(user, false)));

    /// <summary>Allows every member of <paramref name="group"/> to <paramref name="verb"/> <paramref name="resource"/>.</summary>
    public void AllowGroup(string group, string verb, string resource, string? @namespace = null, string apiGroup = "*", string? reason = null) =>
        Add(new AccessRule(group, true, verb, resource, @namespace, apiGroup, true, reason ?? DefaultReason(group, true)));

    /// <summary>Explicitly denies (SubjectAccessReview status.denied = true), overriding allows.</summary>
    public void Deny(string user, string verb, string resource, string? @namespace = null, string apiGroup = "*", string reason = "") =>
        Add(new AccessRule(user, false, verb, resource, @namespace, apiGroup, false, reason));

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
            used.Clear();
        }
    }

    /// <summary>Decides a request by <paramref name="user"/> in <paramref name="groups"/>.</summary>
    internal AccessDecision Decide(string user, IReadOnlyList<string> groups, AccessRequest request)
    {
        if (groups.Contains("system:masters"))
        {
            return new AccessDecision(true, false, "");
        }
        var matching = Rules.Where(r => AppliesTo(r, user, groups) && Covers(r, request)).ToList();
        var deny = matching.FirstOrDefault(r => !r.Allowed);
        if (deny is not null)
        {
            return new AccessDecision(false, true, deny.Reason);
        }
        var allow = matching.FirstOrDefault(r => r.Allowed);
        lock (gate)
        {
            used.UnionWith(matching.Where(r => r.Allowed));
        }
        return allow is not null ? new AccessDecision(true, false, allow.Reason) : new AccessDecision(false, false, "");
    }

    private void Add(AccessRule rule)
    {
        lock (gate)
        {
            rules.Add(rule);
        }
    }

    private static string DefaultReason(string subject, bool isGroup) =>
        $"RBAC: allowed by emulator rule to {(isGroup ? "Group" : "User")} \"{subject}\"";

    private static bool AppliesTo(AccessRule rule, string user, IReadOnlyList<string> groups) =>
        rule.IsGroup ? groups.Contains(rule.Subject) : rule.Subject == user;

    private static bool Covers(AccessRule rule, AccessRequest request)
    {
        var resource = request.Subresource.Length == 0 ? request.Resource : $"{request.Resource}/{request.Subresource}";
        return (rule.Verb == "*" || rule.Verb == request.Verb)
               && (rule.ApiGroup == "*" || rule.ApiGroup == request.ApiGroup)
               && (rule.Resource == "*" || rule.Resource == resource)
               && (rule.Namespace is null || rule.Namespace == request.Namespace);
    }
}
