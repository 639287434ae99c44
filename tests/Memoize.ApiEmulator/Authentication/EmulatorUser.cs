namespace Memoize.ApiEmulator.Authentication;

/// <summary>A user the emulator knows, identified by a bearer token (like a static token file on kube-apiserver).</summary>
/// <param name="Username">The user name, e.g. <c>admin</c> or <c>system:serviceaccount:argo:argo</c>.</param>
/// <param name="Groups">The user's groups, as sent in AdmissionReview userInfo.</param>
/// <param name="Token">The bearer token that authenticates as this user.</param>
public sealed record EmulatorUser(string Username, IReadOnlyList<string> Groups, string Token)
{
    /// <summary>True for members of <c>system:masters</c>, which every authorizer allows.</summary>
    public bool IsClusterAdmin => Groups.Contains("system:masters");
}
