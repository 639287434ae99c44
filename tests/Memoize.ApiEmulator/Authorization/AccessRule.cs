namespace Memoize.ApiEmulator.Authorization;

/// <summary>One authorization rule a test set.</summary>
/// <param name="Subject">A user name, or a group name when <paramref name="IsGroup"/>.</param>
/// <param name="IsGroup">True when <paramref name="Subject"/> names a group.</param>
/// <param name="Verb">The verb (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>, ...) or <c>*</c>.</param>
/// <param name="Resource">The resource (<c>configmaps</c>, <c>workflows/status</c>) or <c>*</c>.</param>
/// <param name="Namespace">The namespace, or null for every namespace and cluster-scoped resources.</param>
/// <param name="ApiGroup">The API group (empty for core) or <c>*</c>.</param>
/// <param name="Allowed">True for an allow rule, false for an explicit denial.</param>
/// <param name="Reason">The reason reported in SubjectAccessReview status.</param>
public sealed record AccessRule(string Subject, bool IsGroup, string Verb, string Resource, string? Namespace, string ApiGroup, bool Allowed, string Reason);
