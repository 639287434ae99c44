using Memoize.Webhook.Cluster;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>The groups a SubjectAccessReview names for the controller's user, as kube-apiserver would give them.</summary>
public sealed class ServiceAccountGroupTests
{
    [Theory]
    [InlineData("system:serviceaccount:argo:argo", "system:serviceaccounts system:serviceaccounts:argo system:authenticated")]
    [InlineData("system:serviceaccount:workflows:argo-workflows-controller", "system:serviceaccounts system:serviceaccounts:workflows system:authenticated")]
    [InlineData("admin@example.com", "system:authenticated")]
    [InlineData("system:serviceaccount:argo", "system:authenticated")]
    [InlineData("system:serviceaccount::argo", "system:authenticated")]
    [InlineData("system:serviceaccount:argo:", "system:authenticated")]
    public void Service_accounts_get_their_groups_and_other_users_only_system_authenticated(string user, string groups)
    {
        Assert.Equal(groups.Split(' '), SubjectAccessReviewer.GroupsOf(user));
    }
}
