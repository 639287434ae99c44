namespace Memoize.Kubernetes;

/// <summary>
/// A warning the API server sent with an answer (a <c>Warning: 299 - "..."</c> header): deprecated APIs,
/// admission webhook warnings, unknown fields. kubectl prints these as <c>Warning: text</c> lines.
/// </summary>
/// <param name="Text">The warning text, unquoted, e.g. <c>memoize.key: "a.b" is not a valid cache key</c>.</param>
/// <param name="Request">The call it came with, e.g. <c>POST /api/v1/namespaces/argo/configmaps</c>.</param>
public sealed record ApiWarning(string Text, string Request);
