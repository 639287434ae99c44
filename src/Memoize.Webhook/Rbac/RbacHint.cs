namespace Memoize.Webhook.Rbac;

/// <summary>
/// What to tell a person whose Argo controller lacks ConfigMap verbs in the cache namespace: which verbs, what
/// breaks, and the exact kubectl commands that fix it.
/// </summary>
/// <param name="ControllerUser">The controller's user, e.g. <c>system:serviceaccount:argo:argo</c>.</param>
/// <param name="Namespace">The cache namespace.</param>
/// <param name="NeededVerbs">Every verb memoization needs there (the role grants them all).</param>
/// <param name="MissingVerbs">The verbs the controller lacks, in <paramref name="NeededVerbs"/> order.</param>
public sealed record RbacHint(string ControllerUser, string Namespace, IReadOnlyList<string> NeededVerbs, IReadOnlyList<string> MissingVerbs)
{
    /// <summary>The annotation that carries the hint on the object.</summary>
    public const string AnnotationKey = "memoize.argoproj.io/rbac-hint";

    /// <summary>The name of the Role and RoleBinding the fix creates.</summary>
    public const string RoleName = "argo-memoize-cache";

    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The hint itself (also the annotation's value).</summary>
    public string Text =>
        $"the Argo controller ({ControllerUser}) cannot {string.Join(", ", MissingVerbs)} configmaps in namespace \"{Namespace}\": {Consequences()}. " +
        $"Fix: kubectl create role {RoleName} --verb={string.Join(",", NeededVerbs)} --resource=configmaps -n {Namespace} && " +
        $"kubectl create rolebinding {RoleName} --role={RoleName} {Subject()} -n {Namespace}";

    /// <summary>The warning kubectl shows: <c>memoize: </c> and the hint.</summary>
    public string Warning => "memoize: " + Text;

    private string Consequences()
    {
        var consequences = new List<string>();
        if (MissingVerbs.Contains("get"))
        {
            consequences.Add("cache lookups will fail");
        }

        if (MissingVerbs.Contains("create") || MissingVerbs.Contains("update"))
        {
            consequences.Add("memoized steps will fail to save");
        }

        if (MissingVerbs.Contains("delete"))
        {
            consequences.Add("cache garbage collection will fail");
        }

        return string.Join(" and ", consequences);
    }

    // A service account is bound as one (namespace:name); any other user by name.
    private string Subject()
    {
        if (ControllerUser.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            var rest = ControllerUser[ServiceAccountPrefix.Length..];
            if (rest.Split(':') is [{ Length: > 0 }, { Length: > 0 }])
            {
                return $"--serviceaccount={rest}";
            }
        }

        return $"--user={ControllerUser}";
    }
}
