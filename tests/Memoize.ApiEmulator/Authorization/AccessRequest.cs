namespace Memoize.ApiEmulator.Authorization;

/// <summary>What someone wants to do, as an authorizer sees it (the resourceAttributes of a SubjectAccessReview).</summary>
internal sealed record AccessRequest(string Verb, string ApiGroup, string Resource, string Subresource, string Namespace, string Name);
